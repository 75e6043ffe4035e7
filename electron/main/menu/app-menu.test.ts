import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { buildMenuTemplate } from './app-menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu) : []),
  ]);
}

const actions = () => ({ newWindow: vi.fn(), exportRoom: vi.fn(), showAbout: vi.fn() });

describe('the app menu', () => {
  it('has the usual editing shortcuts through roles', () => {
    const roles = flatten(
      buildMenuTemplate(actions(), {
        platform: 'linux',
        appName: 'Incident Room',
        isPackaged: true,
      }),
    ).map((item) => item.role);
    for (const role of [
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'quit',
      'zoomIn',
      'togglefullscreen',
    ]) {
      expect(roles, role).toContain(role);
    }
    expect(roles).not.toContain('toggleDevTools');
  });

  it('offers DevTools only in development builds, and the macOS app menu only on macOS', () => {
    const dev = flatten(
      buildMenuTemplate(actions(), {
        platform: 'darwin',
        appName: 'Incident Room',
        isPackaged: false,
      }),
    );
    expect(dev.map((item) => item.role)).toContain('toggleDevTools');
    expect(dev[0]!.label).toBe('Incident Room');
    expect(dev.map((item) => item.role)).toContain('hideOthers');
  });

  it('exports each format from File → Export', () => {
    const menuActions = actions();
    const items = flatten(
      buildMenuTemplate(menuActions, {
        platform: 'win32',
        appName: 'Incident Room',
        isPackaged: true,
      }),
    );
    for (const format of ['md', 'html', 'pdf', 'json'] as const) {
      const item = items.find((candidate) => candidate.id === `export-${format}`);
      expect(item, format).toBeDefined();
      (item!.click as () => void)();
      expect(menuActions.exportRoom).toHaveBeenLastCalledWith(format);
    }
    (items.find((item) => item.id === 'new-window')!.click as () => void)();
    expect(menuActions.newWindow).toHaveBeenCalledOnce();
  });
});
