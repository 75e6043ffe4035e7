/**
 * Load generator for the reconnect storm (its own process): N clients on our relay, either our
 * host's RelayConnection (jittered equal-jitter backoff, electron/host/sync) or the stock
 * y-websocket provider with its default reconnect policy. Times are wall-clock (Date.now) so the
 * orchestrator can line them up with the moment it killed and restarted the relay.
 */
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RelayConnection } from '../../electron/host/sync/relay-connection';
import { connectClient } from '../lib/clients';
import { pollUntil, serveRequests, sleep } from '../lib/child';

export type StormMode = 'host' | 'stock';

export interface StormTarget {
  relayUrl: string;
  wsRoomsUrl: string;
  roomId: string;
  key: string;
}

export type StormLoadRequest =
  | { type: 'connect'; mode: StormMode; targets: StormTarget[] }
  | { type: 'await-down'; timeoutMs: number }
  | { type: 'await-up'; timeoutMs: number }
  | { type: 'close' };

export interface StormConnectResult {
  ms: number;
  synced: number;
}

export interface StormUpResult {
  /** Wall-clock time each client was synced again (null: not within the timeout). */
  syncedAt: (number | null)[];
  /** Failed connection attempts (refused TCP, refused upgrade) from loss to all synced. */
  connectionErrors: number;
  /** Connections lost (including attempts that closed before syncing). */
  connectionCloses: number;
}

interface StormClient {
  isSynced(): boolean;
  errors(): number;
  closes(): number;
  destroy(): void;
}

let clients: StormClient[] = [];

function hostClient(target: StormTarget): StormClient {
  const doc = new Y.Doc();
  let live = false;
  let errors = 0;
  let closes = 0;
  const connection = new RelayConnection({
    relayUrl: target.relayUrl,
    roomId: target.roomId,
    key: target.key,
    doc,
    awareness: new Awareness(doc),
    onState: (state) => {
      live = state.kind === 'live';
    },
    onConfirmed: () => undefined,
    onRelayState: () => undefined,
  });
  connection.provider.on('connection-error', () => {
    errors += 1;
  });
  connection.provider.on('connection-close', () => {
    closes += 1;
  });
  connection.start();
  return {
    isSynced: () => live,
    errors: () => errors,
    closes: () => closes,
    destroy: () => connection.stop(),
  };
}

function stockClient(target: StormTarget): StormClient {
  const client = connectClient({
    kind: 'ours',
    wsUrl: target.wsRoomsUrl,
    roomId: target.roomId,
    key: target.key,
  });
  return {
    isSynced: () => client.isSynced(),
    errors: () => client.counts.errors,
    closes: () => client.counts.closes,
    destroy: () => client.destroy(),
  };
}

let errorsAtLoss = 0;
let closesAtLoss = 0;

async function handle(request: StormLoadRequest): Promise<unknown> {
  switch (request.type) {
    case 'connect': {
      const start = Date.now();
      clients = request.targets.map((t) =>
        request.mode === 'host' ? hostClient(t) : stockClient(t),
      );
      await pollUntil(() => clients.every((c) => c.isSynced()), 60_000);
      return {
        ms: Date.now() - start,
        synced: clients.filter((c) => c.isSynced()).length,
      } satisfies StormConnectResult;
    }
    case 'await-down': {
      await pollUntil(() => clients.every((c) => !c.isSynced()), request.timeoutMs, 5);
      errorsAtLoss = clients.reduce((n, c) => n + c.errors(), 0);
      closesAtLoss = clients.reduce((n, c) => n + c.closes(), 0);
      return { downAt: Date.now(), stillSynced: clients.filter((c) => c.isSynced()).length };
    }
    case 'await-up': {
      const syncedAt: (number | null)[] = clients.map(() => null);
      const deadline = Date.now() + request.timeoutMs;
      while (Date.now() < deadline && syncedAt.some((t) => t === null)) {
        const now = Date.now();
        clients.forEach((c, i) => {
          if (syncedAt[i] === null && c.isSynced()) syncedAt[i] = now;
        });
        await sleep(5);
      }
      return {
        syncedAt,
        connectionErrors: clients.reduce((n, c) => n + c.errors(), 0) - errorsAtLoss,
        connectionCloses: clients.reduce((n, c) => n + c.closes(), 0) - closesAtLoss,
      } satisfies StormUpResult;
    }
    case 'close': {
      for (const client of clients) client.destroy();
      clients = [];
      await sleep(200);
      return null;
    }
  }
}

serveRequests((body) => handle(body as StormLoadRequest));
