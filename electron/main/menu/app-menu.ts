/**
 * The application menu, as a template: the usual shortcuts come from Electron's roles (undo,
 * copy, zoom, ...), ours are named actions. Building the template is pure, so tests check it
 * without Electron; main.ts hands it to Menu.buildFromTemplate.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ExportFormat } from '../../host/export/export-room';

export interface MenuActions {
  newWindow(): void;
  exportRoom(format: ExportFormat): void;
  /** Version and where this machine keeps its data. */
  showAbout(): void;
}

export interface MenuContext {
  platform: string;
  appName: string;
  /** DevTools and reload only in development builds. */
  isPackaged: boolean;
}

export const EXPORT_MENU_LABELS: Record<ExportFormat, string> = {
  md: 'Postmortem as Markdown…',
  html: 'Postmortem as HTML…',
  pdf: 'Postmortem as PDF…',
  json: 'Room archive (JSON)…',
};

export function buildMenuTemplate(
  actions: MenuActions,
  context: MenuContext,
): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const exportItems: MenuItemConstructorOptions[] = (['md', 'html', 'pdf', 'json'] as const).map(
    (format) => ({
      label: EXPORT_MENU_LABELS[format],
      id: `export-${format}`,
      click: () => actions.exportRoom(format),
      ...(format === 'pdf' ? { accelerator: 'CmdOrCtrl+P' } : {}),
    }),
  );
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: context.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        {
          label: 'New Window',
          id: 'new-window',
          accelerator: 'CmdOrCtrl+Shift+N',
          click: () => actions.newWindow(),
        },
        { type: 'separator' },
        { label: 'Export', id: 'export', submenu: exportItems },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'pasteAndMatchStyle' },
        { role: 'delete' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(context.isPackaged
          ? []
          : ([
              { role: 'reload' },
              { role: 'forceReload' },
              { role: 'toggleDevTools' },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'windowMenu',
    },
    {
      role: 'help',
      submenu: [
        { label: `About ${context.appName}`, id: 'about', click: () => actions.showAbout() },
      ],
    },
  );
  return template;
}
