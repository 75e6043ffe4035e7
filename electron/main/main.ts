// The desktop shell's entry point (bundled to dist-electron/main.js). Thin on purpose: the host
// does the work; this file wires Electron to it. See docs/DESKTOP.md.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  Notification,
  protocol,
  session,
  shell,
  webContents,
  type MessagePortMain,
  type WebContents,
} from 'electron';
import { join, resolve } from 'node:path';
import type { MessagePortLike } from '../../shared/channel/message-port-transport';
import type { ExportFormat } from '../host/export/export-room';
import { loadTemplates } from '../host/templates/load-templates';
import type { TemplateCatalog } from '../../shared/templates/template-catalog';
import { IPC } from '../preload/ipc-channels';
import { findDeepLinkArgument, parseDeepLink, protocolClientArgs } from './deep-link/deep-link';
import { exportRoomToFile, isPrintRequestAllowed, printHtmlToPdf } from './export/export-to-file';
import { DesktopHost } from './host/desktop-host';
import { createIpcHandlers } from './ipc/ipc-handlers';
import { buildMenuTemplate } from './menu/app-menu';
import { RoomNotifier } from './notifications/room-notifier';
import { teamRoomNotice } from '../../shared/channel/team-room-news';
import { APP_SCHEME_PRIVILEGES, serveRendererRequest } from './protocol/app-protocol';
import {
  APP_SCHEME,
  hardenApp,
  hardenSession,
  isExternalLinkAllowed,
} from './security/security-rules';
import { appPageUrl, appWindowOptions } from './windows/app-windows';

const APP_NAME = 'Incident Room';

// Tests and portable setups may point the data folder elsewhere; the default is the OS's.
if (process.env.INCIDENT_ROOM_USER_DATA)
  app.setPath('userData', process.env.INCIDENT_ROOM_USER_DATA);
app.setName(APP_NAME);
// Must happen before `ready`: app:// is a standard, secure origin for our bundle.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const navigation = {
  openExternal: (url: string) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
  },
};
hardenApp(app, navigation);

let desktopHost: DesktopHost | null = null;
let notifier: RoomNotifier | null = null;
const pendingLinks: string[] = [];
let templates: Promise<TemplateCatalog> | null = null;

function appPath(...parts: string[]): string {
  return join(app.getAppPath(), ...parts);
}

function wrapMainPort(port: MessagePortMain): MessagePortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    start: () => port.start(),
    close: () => port.close(),
  };
}

function openWindow(roomId?: string): BrowserWindow {
  const options = appWindowOptions(appPath('dist-electron', 'preload.cjs'), APP_NAME);
  const window = new BrowserWindow({
    ...options,
    webPreferences: {
      ...options.webPreferences,
      // The same values secureWebPreferences sets (main.test.ts proves the window gets them),
      // spelled out where the window is made so static scanners (npm run test:security) see them.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const contentsId = window.webContents.id;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => desktopHost?.disconnectWindow(contentsId));
  void window.loadURL(appPageUrl(roomId));
  return window;
}

function windowForContents(id: number): BrowserWindow | null {
  const contents = webContents.fromId(id);
  return contents ? BrowserWindow.fromWebContents(contents) : null;
}

function focusOrOpenRoom(roomId: string): void {
  const shownIn = desktopHost?.windowShowing(roomId);
  const window = shownIn === undefined || shownIn === null ? null : windowForContents(shownIn);
  if (!window) {
    openWindow(roomId);
    return;
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** A click on a team room's notification: join it with the team key (if not yet) and show it. */
async function joinTeamRoomAndOpen(roomId: string): Promise<void> {
  if (!desktopHost) return;
  try {
    // The handler map is the one windows call; the shell is its own caller here.
    const room = await desktopHost.service.handlers['team.join']({ roomId }, { connectionId: 0 });
    focusOrOpenRoom(room.id);
  } catch (error) {
    dialog.showErrorBox(
      'Cannot join the room',
      error instanceof Error ? error.message : String(error),
    );
  }
}

async function openDeepLink(url: string): Promise<void> {
  if (!desktopHost) {
    pendingLinks.push(url);
    return;
  }
  const parsed = parseDeepLink(url);
  if (!parsed.ok) {
    dialog.showErrorBox('Cannot open this link', parsed.reason);
    return;
  }
  try {
    const room = await desktopHost.joinFromLink(parsed.link.link);
    focusOrOpenRoom(room.id);
  } catch (error) {
    dialog.showErrorBox(
      'Cannot join the room',
      error instanceof Error ? error.message : String(error),
    );
  }
}

function connectHost(contents: WebContents): void {
  if (!desktopHost) return;
  const { port1, port2 } = new MessageChannelMain();
  desktopHost.connectWindow(contents.id, wrapMainPort(port1));
  contents.postMessage(IPC.hostPort, null, [port2]);
}

function catalog(): Promise<TemplateCatalog> {
  templates ??= loadTemplates({
    builtinDir: appPath('templates'),
    userDir: join(app.getPath('userData'), 'templates'),
  }).then((loaded) => loaded.catalog);
  return templates;
}

function createPrintWindow(): BrowserWindow {
  const printSession = session.fromPartition('incident-room-print');
  hardenSession(printSession);
  // The print session's own rule replaces the app rule: only the data: page being printed.
  printSession.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isPrintRequestAllowed(details.url) }),
  );
  return new BrowserWindow({
    show: false,
    webPreferences: {
      session: printSession,
      javascript: false,
      disableBlinkFeatures: 'Auxclick',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
}

async function exportFocusedRoom(format: ExportFormat): Promise<void> {
  const window = BrowserWindow.getFocusedWindow();
  if (!window || !desktopHost) return;
  const roomId = desktopHost.roomShownIn(window.webContents.id);
  if (!roomId) {
    await dialog.showMessageBox(window, {
      type: 'info',
      message: 'Open a room first: Export saves the room shown in this window.',
    });
    return;
  }
  try {
    const doc = desktopHost.host.openRoom(roomId).doc;
    await exportRoomToFile(doc, format, {
      catalog,
      documentsDir: app.getPath('documents'),
      askWhereToSave: (options) => dialog.showSaveDialog(window, options),
      printToPdf: (html) => printHtmlToPdf(html, createPrintWindow),
    });
  } catch (error) {
    dialog.showErrorBox('Export failed', error instanceof Error ? error.message : String(error));
  }
}

function registerProtocolClient(): void {
  // Unpackaged (`electron .`), the OS must start Electron with our app folder as an absolute path.
  const appArg = process.argv[1];
  const args = protocolClientArgs(
    process.defaultApp === true,
    appArg === undefined ? process.argv : [process.execPath, resolve(appArg)],
  );
  if (args.length === 1) app.setAsDefaultProtocolClient(args[0]);
  else app.setAsDefaultProtocolClient(args[0], args[1], args[2]);
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  const rendererDir = appPath('dist', 'renderer');
  protocol.handle(APP_SCHEME, (request) =>
    serveRendererRequest(rendererDir, request.url, request.method),
  );
  registerProtocolClient();
  if (process.platform === 'win32') app.setAppUserModelId('org.incidentroom.desktop');

  desktopHost = new DesktopHost({
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    printPdf: (html) => printHtmlToPdf(html, createPrintWindow),
  });
  const host = desktopHost;
  const handlers = createIpcHandlers({ connectHost });
  ipcMain.on(IPC.connectHost, handlers[IPC.connectHost]);

  notifier = new RoomNotifier({
    rooms: () => host.host.openSessions(),
    me: () => host.profile.get().id,
    show: (notice) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title: notice.title, body: notice.body });
      notification.on('click', () => focusOrOpenRoom(notice.roomId));
      notification.show();
    },
  });
  // A room an alert opened on the team relay: native, like the room notices (the window's
  // browser notifications are web mode's).
  host.service.onNewAlertRooms((rooms) => {
    if (!Notification.isSupported()) return;
    const usualRole = host.profile.get().usualRole;
    for (const room of rooms) {
      const notification = new Notification(teamRoomNotice(room, usualRole));
      notification.on('click', () => void joinTeamRoomAndOpen(room.id));
      notification.show();
    }
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(
        {
          newWindow: () => openWindow(),
          exportRoom: (format) => void exportFocusedRoom(format),
          showAbout: () =>
            void dialog.showMessageBox({
              type: 'info',
              message: `${APP_NAME} ${app.getVersion()}`,
              detail: `Data folder: ${app.getPath('userData')}`,
            }),
        },
        { platform: process.platform, appName: APP_NAME, isPackaged: app.isPackaged },
      ),
    ),
  );

  const firstLink = findDeepLinkArgument(process.argv);
  if (firstLink) pendingLinks.push(firstLink);
  if (pendingLinks.length === 0) openWindow();
  for (const link of pendingLinks.splice(0)) await openDeepLink(link);
}

if (!app.requestSingleInstanceLock()) {
  // Another copy is running: it gets our argv (and any deep link) in `second-instance`.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const link = findDeepLinkArgument(argv);
    if (link) {
      void openDeepLink(link);
      return;
    }
    const window = BrowserWindow.getAllWindows()[0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    } else if (desktopHost) {
      openWindow();
    }
  });
  // macOS delivers deep links here, possibly before `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    void openDeepLink(url);
  });
  app.on('activate', () => {
    if (desktopHost && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay running (and keep notifying) with no window open.
    if (process.platform !== 'darwin') app.quit();
  });
  // Clean shutdown: every window is told, every room's SQLite file is closed (WAL checkpointed).
  app.on('will-quit', () => {
    notifier?.stop();
    desktopHost?.close();
    desktopHost = null;
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  start().catch((error: unknown) => {
    dialog.showErrorBox(
      'Incident Room could not start',
      error instanceof Error ? error.message : String(error),
    );
    app.exit(1);
  });
}
