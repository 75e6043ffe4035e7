import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describeProtocolMismatch } from '../../shared/protocol/protocol-version';
import {
  KEY_QUERY_PARAM,
  PROTOCOL_QUERY_PARAM,
  RELAY_PROTOCOL_VERSION,
} from '../../shared/protocol/relay-protocol';
import { describeRefusal } from '../host/rooms/room-status';
import { fetchRelayProtocolVersion } from '../host/sync/relay-http';
import { CliError } from './cli-error';

export interface LoadRelayRoomOptions {
  timeoutMs?: number;
  /** The protocol version declared to the relay; RELAY_PROTOCOL_VERSION except in tests. */
  protocolVersion?: number;
  /** Reads the relay's advertised version (null: unknown); defaults to its /healthz. */
  readRelayProtocol?: (relayUrl: string) => Promise<number | null>;
}

/**
 * Fetches a room's full state from its relay once (a read-only key is enough), for commands that
 * only read, such as export. It waits for the relay's sync answer, so what it returns is the whole
 * room as the relay stores it, not a partial first frame. A relay of another protocol version is
 * refused with the same sentence the app shows, whether its /healthz or its close code says so.
 */
export async function loadRelayRoom(
  relayUrl: string,
  roomId: string,
  key: string,
  options: LoadRelayRoomOptions = {},
): Promise<Y.Doc> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const protocolVersion = options.protocolVersion ?? RELAY_PROTOCOL_VERSION;
  const readRelayProtocol = options.readRelayProtocol ?? fetchRelayProtocolVersion;
  const relayVersion = await readRelayProtocol(relayUrl);
  if (relayVersion !== null && relayVersion !== protocolVersion) {
    throw new CliError(describeProtocolMismatch({ relayVersion, clientVersion: protocolVersion }));
  }
  const wsBase = relayUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsBase}/rooms`, roomId, doc, {
    params: { [KEY_QUERY_PARAM]: key, [PROTOCOL_QUERY_PARAM]: String(protocolVersion) },
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
