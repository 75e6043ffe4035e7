// A stand-in for the `electron` module, for running the BUILT shell (dist-electron/main.js) in
// plain Node: records what the shell does and, once it is ready, exercises the app:// protocol
// and the quit path, then prints a JSON report on stdout. Used by bundle.int.test.ts only.
import { EventEmitter } from 'node:events';

const report = { privileged: [], protocols: [], windows: [], ipc: [], responses: {}, quit: false };
const appEvents = new EventEmitter();
const handlers = new Map();
let nextId = 1;

export const app = {
  isPackaged: false,
  on: (name, listener) => (appEvents.on(name, listener), app),
  setPath: () => undefined,
  getPath: (name) => (name === 'userData' ? process.env.INCIDENT_ROOM_USER_DATA : process.cwd()),
  getAppPath: () => process.env.STUB_APP_PATH,
  getVersion: () => '0.0.0-stub',
  setName: () => undefined,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  setAsDefaultProtocolClient: () => true,
  setAppUserModelId: () => undefined,
  quit: () => undefined,
  exit: (code) => process.exit(code),
};

class FakeContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
  }
  setWindowOpenHandler() {}
  postMessage() {}
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows = () => [];
  static getFocusedWindow = () => null;
  static fromWebContents = () => null;
  constructor(options) {
    super();
    this.webContents = new FakeContents();
    appEvents.emit('web-contents-created', {}, this.webContents);
    this.record = { webPreferences: options.webPreferences, url: null };
    report.windows.push(this.record);
  }
  loadURL(url) {
    this.record.url = url;
    return Promise.resolve();
  }
}

const webRequest = { onBeforeRequest: () => undefined };
const defaultSession = {
  setPermissionRequestHandler: () => undefined,
  setPermissionCheckHandler: () => undefined,
  setDevicePermissionHandler: () => undefined,
  webRequest,
};
export const session = { defaultSession, fromPartition: () => defaultSession };
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => report.privileged.push(...schemes),
  handle: (scheme, handler) => {
    report.protocols.push(scheme);
    handlers.set(scheme, handler);
  },
};
export const ipcMain = { on: (channel) => report.ipc.push(channel) };
export const Menu = { buildFromTemplate: (t) => t, setApplicationMenu: () => undefined };
export class MessageChannelMain {}
export class Notification {
  static isSupported = () => false;
}
export const dialog = { showErrorBox: (...args) => console.error('dialog', ...args) };
export const shell = { openExternal: () => undefined };
export const webContents = { fromId: () => null };

setTimeout(async () => {
  const serve = handlers.get('app');
  for (const url of ['app://renderer/', 'app://renderer/%2e%2e/%2e%2e/package.json', 'app://x/']) {
    const response = await serve({ url });
    report.responses[url] = {
      status: response.status,
      csp: response.headers.get('content-security-policy'),
      body: response.status === 200 ? await response.text() : null,
    };
  }
  appEvents.emit('will-quit');
  report.quit = true;
  process.stdout.write(`STUB-REPORT ${JSON.stringify(report)}\n`);
  process.exit(0);
}, 500);
