import {
  DESKTOP_API_KEY,
  HOST_PORT_MESSAGE,
  OPEN_ROOM_PARAM,
  type DesktopApi,
} from '../../../shared/desktop/desktop-api';
import { messagePortTransport } from '../../../shared/channel/message-port-transport';
import type { MessagePortLike } from '../../../shared/channel/message-port-transport';
import type { HostTransport } from './transport';

/** The preload API when this page runs in the desktop shell; undefined in a browser (web mode). */
export function desktopApi(target: Window = window): DesktopApi | undefined {
  const candidate = (target as unknown as Record<string, unknown>)[DESKTOP_API_KEY];
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  return typeof (candidate as Partial<DesktopApi>).connectHost === 'function'
    ? (candidate as DesktopApi)
    : undefined;
}

/** The DOM MessagePort in the shape the shared transport takes (the two-line adapter). */
function wrapPort(port: MessagePort): MessagePortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.addEventListener('message', (event) => listener(event.data)),
    start: () => port.start(),
    close: () => port.close(),
  };
}

/**
 * The desktop transport: asks the shell for a host channel and waits for its port. The listener
 * is installed before the request, so the answer cannot arrive unheard; only a message this
 * window posted to itself with a port is accepted, and only the first.
 */
export function connectDesktopTransport(
  api: DesktopApi,
  target: Window = window,
  timeoutMs = 15_000,
): Promise<HostTransport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener('message', onMessage);
      reject(new Error('the desktop shell did not hand this window a host channel'));
    }, timeoutMs);
    function onMessage(event: MessageEvent): void {
      const data: unknown = event.data;
      if (event.source !== target) return;
      if (typeof data !== 'object' || data === null) return;
      if ((data as { type?: unknown }).type !== HOST_PORT_MESSAGE) return;
      const port = event.ports[0];
      if (!port) return;
      clearTimeout(timer);
      target.removeEventListener('message', onMessage);
      resolve(
        messagePortTransport(wrapPort(port), (error) =>
          console.error('incident-room: dropped a malformed message from the host', error),
        ),
      );
    }
    target.addEventListener('message', onMessage);
    api.connectHost();
  });
}

/**
 * A window the shell opened for one room (a deep link, a notification) carries `?room=<id>`.
 * The app already reopens the room a window last had (sessionStorage `incident-room:open-room`,
 * see store/room-slice.ts), so seeding that key opens the asked-for room through the same path.
 */
export function seedRoomFromUrl(location: Location, storage: Storage = sessionStorage): void {
  const roomId = new URLSearchParams(location.search).get(OPEN_ROOM_PARAM);
  if (roomId && /^[A-Za-z0-9_-]{1,128}$/.test(roomId)) {
    storage.setItem('incident-room:open-room', roomId);
  }
}
