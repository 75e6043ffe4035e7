import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describeRefusal } from '../host/rooms/room-status';
import { CliError } from './cli-error';

/**
 * Fetches a room's full state from its relay once (a read-only key is enough), for commands that
 * only read, such as export. It waits for the relay's sync answer, so what it returns is the whole
 * room as the relay stores it, not a partial first frame.
 */
export async function loadRelayRoom(
  relayUrl: string,
  roomId: string,
  key: string,
  timeoutMs = 15_000,
): Promise<Y.Doc> {
  const wsBase = relayUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsBase}/rooms`, roomId, doc, {
    params: { key },
    // y-websocket expects the browser's WebSocket; ws implements the same surface in Node.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: false,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new CliError(
              `the relay at ${relayUrl} did not send room ${roomId} within ${timeoutMs / 1000} s`,
            ),
          ),
        timeoutMs,
      );
      provider.on('sync', (synced: boolean) => {
        if (!synced) return;
        clearTimeout(timer);
        resolve();
      });
      provider.on('connection-close', (event: { code: number; reason: string } | null) => {
        if (event && event.code >= 4400 && event.code <= 4499) {
          clearTimeout(timer);
          reject(new CliError(describeRefusal(event.code, event.reason)));
        }
      });
      provider.on('connection-error', () => {
        // Connection errors are retried by the provider until the timeout above decides.
      });
      provider.connect();
    });
    return doc;
  } finally {
    provider.destroy();
  }
}
