import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

/** The stock y-websocket client, as a host or browser would use it, in Node. */
export function connectStockClient(
  wsRoomsUrl: string,
  roomId: string,
  key: string,
  options: { doc?: Y.Doc; params?: Record<string, string> } = {},
): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(wsRoomsUrl, roomId, doc, {
    params: { key, ...options.params },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Tests restart relays; come back quickly instead of y-websocket's multi-second backoff.
    maxBackoffTime: 200,
    disableBc: true,
  });
  return { doc, provider };
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs` (bounded, never hangs). */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function waitForSynced(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => provider.synced, 'the provider to sync', timeoutMs);
}
