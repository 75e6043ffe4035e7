/**
 * The shell's wiring, with Electron replaced by a recording fake: main.ts is imported as Electron
 * would run it, then the test plays the app's events (ready, IPC from a window, a second
 * instance with a deep link, quit) and checks what the shell did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    lock: true,
    userData: '',
    appListeners: new Map<string, Listener[]>(),
    ipcListeners: new Map<string, Listener>(),
    windows: [] as Array<{
      options: Record<string, unknown>;
      url: string | null;
      webContents: { id: number; postMessage: ReturnType<typeof vi.fn> };
    }>,
    protocolHandlers: new Map<string, Listener>(),
    privileged: [] as unknown[],
    permissionRequest: null as Listener | null,
    beforeRequest: null as Listener | null,
    defaultProtocol: [] as unknown[][],
    menu: null as unknown,
    quit: vi.fn(),
    errors: [] as unknown[][],
  };
  return state;
});

vi.mock('electron', () => {
  let nextId = 1;
  class BrowserWindow {
    static getAllWindows = () => fake.windows;
    static getFocusedWindow = () => null;
    static fromWebContents = () => null;
    webContents: { id: number; postMessage: ReturnType<typeof vi.fn> };
    constructor(options: Record<string, unknown>) {
      this.webContents = { id: nextId++, postMessage: vi.fn() };
      const record = { options, url: null as string | null, webContents: this.webContents };
      fake.windows.push(record);
      this.record = record;
    }
    private record: { url: string | null };
    once() {
      return this;
    }
    on() {
      return this;
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
  }
  const app = {
    isPackaged: false,
    on: (name: string, listener: Listener) => {
      fake.appListeners.set(name, [...(fake.appListeners.get(name) ?? []), listener]);
      return app;
    },
    setPath: (_name: string, value: string) => {
      fake.userData = value;
    },
    getPath: (name: string) => (name === 'userData' ? fake.userData : tmpdir()),
    getAppPath: () => process.cwd(),
    getVersion: () => '0.0.0-test',
    setName: vi.fn(),
    requestSingleInstanceLock: () => fake.lock,
    whenReady: () => Promise.resolve(),
    setAsDefaultProtocolClient: (...args: unknown[]) => {
      fake.defaultProtocol.push(args);
      return true;
    },
    setAppUserModelId: vi.fn(),
    quit: fake.quit,
    exit: vi.fn(),
  };
  const webRequest = {
    onBeforeRequest: (listener: Listener) => {
      fake.beforeRequest = listener;
    },
  };
  const defaultSession = {
    setPermissionRequestHandler: (listener: Listener) => {
      fake.permissionRequest = listener;
    },
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest,
  };
  class MessageChannelMain {
    port1 = { on: vi.fn(), start: vi.fn(), close: vi.fn(), postMessage: vi.fn() };
    port2 = { name: 'port2' };
  }
  class Notification {
    static isSupported = () => false;
  }
  return {
    app,
    BrowserWindow,
    MessageChannelMain,
    Notification,
    dialog: {
      showErrorBox: (...args: unknown[]) => fake.errors.push(args),
      showMessageBox: vi.fn(),
      showSaveDialog: vi.fn(),
    },
    ipcMain: {
      on: (channel: string, listener: Listener) => fake.ipcListeners.set(channel, listener),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => {
        fake.menu = menu;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
      handle: (scheme: string, handler: Listener) => fake.protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession, fromPartition: () => defaultSession },
    shell: { openExternal: vi.fn() },
    webContents: { fromId: () => null },
  };
});

let dataDir: string;
beforeEach(() => {
  vi.resetModules();
  dataDir = mkdtempSync(join(tmpdir(), 'shell-main-'));
  process.env.INCIDENT_ROOM_USER_DATA = dataDir;
  fake.lock = true;
  fake.appListeners.clear();
  fake.ipcListeners.clear();
  fake.windows.length = 0;
  fake.protocolHandlers.clear();
  fake.privileged.length = 0;
  fake.defaultProtocol.length = 0;
  fake.errors.length = 0;
  fake.quit.mockClear();
});
afterEach(() => {
  for (const listener of fake.appListeners.get('will-quit') ?? []) listener();
  delete process.env.INCIDENT_ROOM_USER_DATA;
  rmSync(dataDir, { recursive: true, force: true });
});

async function startShell(): Promise<void> {
  await import('./main');
  // Let start() run past whenReady().
  await vi.waitFor(() =>
    expect(fake.windows.length + fake.quit.mock.calls.length).toBeGreaterThan(0),
  );
}

describe('main process wiring', () => {
  it('quits at once when another instance holds the lock', async () => {
    fake.lock = false;
    await startShell();
    expect(fake.quit).toHaveBeenCalled();
    expect(fake.windows).toEqual([]);
  });

  it('starts hardened: app:// privileged, protocol served, permissions denied, secure window', async () => {
    await startShell();
    expect(fake.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }) as unknown,
      }),
    ]);
    expect(fake.protocolHandlers.has('app')).toBe(true);
    expect(fake.appListeners.has('web-contents-created')).toBe(true);
    const callback = vi.fn();
    fake.permissionRequest!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const cancel = vi.fn();
    fake.beforeRequest!({ url: 'https://cdn.example.com/x.js' }, cancel);
    expect(cancel).toHaveBeenCalledWith({ cancel: true });

    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0]!;
    expect(window.url).toBe('app://renderer/index.html');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(
      /dist-electron[/\\]preload\.cjs$/,
    );
    expect(fake.defaultProtocol[0]?.[0]).toBe('incident-room');
    expect(fake.menu).toEqual(expect.any(Array));
    expect(fake.appListeners.has('second-instance')).toBe(true);
    expect(fake.appListeners.has('open-url')).toBe(true);
  });

  it('hands our page a host port, and nobody else', async () => {
    await startShell();
    const connect = fake.ipcListeners.get('incident-room:connect-host')!;
    const contents = { id: 42, postMessage: vi.fn() };
    connect({ sender: contents, senderFrame: { url: 'https://evil.example/', parent: null } });
    expect(contents.postMessage).not.toHaveBeenCalled();
    connect({ sender: contents, senderFrame: { url: 'app://renderer/index.html', parent: null } });
    expect(contents.postMessage).toHaveBeenCalledWith('incident-room:host-port', null, [
      { name: 'port2' },
    ]);
  });

  it('opens a window for the room of a deep link from a second instance', async () => {
    await startShell();
    const secondInstance = fake.appListeners.get('second-instance')![0]!;
    secondInstance({}, [
      '/opt/incident-room',
      'incident-room://join?relay=http%3A%2F%2F127.0.0.1%3A9&room=r-deep&key=abcdefgh1234',
    ]);
    await vi.waitFor(() => expect(fake.windows).toHaveLength(2));
    expect(fake.windows[1]!.url).toMatch(/^app:\/\/renderer\/index\.html\?room=[a-z0-9]+$/);
  });

  it('says why a broken deep link cannot open, and opens nothing', async () => {
    await startShell();
    const openUrl = fake.appListeners.get('open-url')![0]!;
    openUrl({ preventDefault: vi.fn() }, 'incident-room://join?room=x');
    await vi.waitFor(() => expect(fake.errors).toHaveLength(1));
    expect(fake.errors[0]).toEqual(['Cannot open this link', 'The invite has no relay address.']);
    expect(fake.windows).toHaveLength(1);
  });
});
