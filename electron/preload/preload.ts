// The preload script: runs sandboxed (it may require only `electron` and a few node shims), so
// the build bundles it to CommonJS on its own. It gives the page one small, named API and moves
// the host channel's MessagePort into the page; nothing else crosses.
import { contextBridge, ipcRenderer } from 'electron';
import {
  DESKTOP_API_KEY,
  HOST_PORT_MESSAGE,
  type DesktopApi,
} from '../../shared/desktop/desktop-api';
import { IPC } from './ipc-channels';

// The page's window, as far as this script uses it. Declared here rather than pulling the DOM
// lib into the node tsconfig, where it would let `window` typecheck in host code.
declare const window: {
  readonly location: { readonly origin: string };
  postMessage(message: unknown, targetOrigin: string, transfer: readonly unknown[]): void;
};

// contextBridge cannot pass a MessagePort, so the port goes to the main world by
// window.postMessage with a transfer list, Electron's documented pattern for a context-isolated
// page (https://www.electronjs.org/docs/latest/tutorial/message-ports). Posting to our own
// origin only: the page is app://renderer and never navigates elsewhere.
ipcRenderer.on(IPC.hostPort, (event) => {
  // `MessagePort` is a DOM type, absent from the node tsconfig this file compiles under.
  const ports = event.ports as readonly unknown[];
  const port = ports[0];
  if (!port) return;
  window.postMessage({ type: HOST_PORT_MESSAGE }, window.location.origin, [port]);
});

const api = {
  platform: process.platform,
  connectHost: () => ipcRenderer.send(IPC.connectHost),
} satisfies DesktopApi;

contextBridge.exposeInMainWorld(DESKTOP_API_KEY, api);
