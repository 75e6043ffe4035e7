import { createHostConnection } from './host-connection';
import type { HostConnection } from './host-connection';
import { connectWebSocketTransport } from './websocket-transport';

/** Picks the transport for where the renderer runs: only web mode exists until the shell lands. */
export async function connectHost(): Promise<HostConnection> {
  const transport = await connectWebSocketTransport(window.location);
  return createHostConnection(transport, {
    onProtocolError: (message, error) => console.error(`incident-room: ${message}`, error),
  });
}
