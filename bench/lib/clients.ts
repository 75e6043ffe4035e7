import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RoomTarget } from './servers';

/** One simulated person: a doc, the stock client library for the server it talks to. */
export interface BenchClient {
  readonly doc: Y.Doc;
  isSynced(): boolean;
  /** Failed connection attempts and lost connections seen so far. */
  readonly counts: { errors: number; closes: number };
  disconnect(): void;
  connect(): void;
  destroy(): void;
}

const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

/**
 * The client a user of each server would run: the stock y-websocket provider (default reconnect
 * policy) for our relay and the reference server, Hocuspocus's own provider for Hocuspocus.
 */
export function connectClient(target: RoomTarget, doc: Y.Doc = new Y.Doc()): BenchClient {
  const counts = { errors: 0, closes: 0 };
  if (target.kind === 'hocuspocus') {
    // One socket per provider, as a page with one document open would have.
    const socket = new HocuspocusProviderWebsocket({
      url: target.wsUrl,
      WebSocketPolyfill: NodeWebSocket,
    });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: target.roomId,
      document: doc,
      onClose: () => {
        counts.closes += 1;
      },
    });
    provider.attach();
    return {
      doc,
      counts,
      isSynced: () => provider.isSynced,
      disconnect: () => socket.disconnect(),
      connect: () => void socket.connect(),
      destroy: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(target.wsUrl, target.roomId, doc, {
    params: target.key !== undefined ? { key: target.key } : {},
    WebSocketPolyfill: NodeWebSocket,
    disableBc: true,
  });
  provider.on('connection-error', () => {
    counts.errors += 1;
  });
  provider.on('connection-close', () => {
    counts.closes += 1;
  });
  return {
    doc,
    counts,
    isSynced: () => provider.synced,
    disconnect: () => provider.disconnect(),
    connect: () => provider.connect(),
    destroy: () => provider.destroy(),
  };
}
