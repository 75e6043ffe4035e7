import { createHostConnection } from './host-connection';
import type { HostConnection } from './host-connection';
import { connectDesktopTransport, desktopApi, seedRoomFromUrl } from './desktop-transport';
import { connectWebSocketTransport } from './websocket-transport';

/**
 * Picks the transport for where the renderer runs: a MessagePort from the desktop shell when its
 * preload API is present, else the web-mode websocket on the page's own origin.
 */
export async function connectHost(): Promise<HostConnection> {
  const desktop = desktopApi();
  let transport;
  if (desktop) {
    seedRoomFromUrl(window.location);
    transport = await connectDesktopTransport(desktop);
  } else {
    transport = await connectWebSocketTransport(window.location);
  }
  return createHostConnection(transport, {
    onProtocolError: (message, error) => console.error(`incident-room: ${message}`, error),
  });
}
