import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealPostgres, type RealPostgres } from '../../testing/real-postgres';
import { encodedStored, setMetaKey } from '../../testing/stored-room-doc';
import { runCompactionPass } from './compaction-worker';
import { PostgresRoomStore } from './postgres-room-store';

// The compaction worker against a real PostgreSQL (one server for the file, a database per test).
let server: RealPostgres;
let databases = 0;
const stores: PostgresRoomStore[] = [];
const policy = { compactAfterUpdates: 5, compactAfterBytes: 1024 * 1024 };

beforeAll(async () => {
  server = await startRealPostgres();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await server?.destroy();
});

async function openStore(url: string): Promise<PostgresRoomStore> {
  const store = await PostgresRoomStore.open(url);
  stores.push(store);
  return store;
}

/** A store with rooms `id` → number of one-key updates in its log, and each room's writer doc. */
async function roomsWithLogs(
  logs: Record<string, number>,
): Promise<{ url: string; store: PostgresRoomStore; docs: Map<string, Y.Doc> }> {
  databases += 1;
  const url = await server.createDatabase(`worker_test_${databases}`);
  const store = await openStore(url);
  const docs = new Map<string, Y.Doc>();
  for (const [id, entries] of Object.entries(logs)) {
    await store.createRoom({
      id,
      writeKeyVerifier: Buffer.from('w'),
      readKeyVerifier: Buffer.from('r'),
      createdAt: 0,
    });
    const doc = new Y.Doc();
    docs.set(id, doc);
    for (let i = 0; i < entries; i += 1) await append(store, id, doc, `k${i}`);
  }
  return { url, store, docs };
}

async function append(store: PostgresRoomStore, roomId: string, doc: Y.Doc, key: string) {
  return store.appendUpdates([{ roomId, update: setMetaKey(doc, key, 'x') }]);
}

describe('runCompactionPass', () => {
  it('compacts the rooms whose log is due by the relay’s rule, and only those', async () => {
    const { store, docs } = await roomsWithLogs({ long: 6, short: 2, none: 0 });
    const pass = await runCompactionPass(store, { holder: 'relay-1', policy });
    expect(pass.due).toEqual(['long']);
    expect(pass.outcomes.get('long')).toBe('compacted');
    expect((await store.loadRoomState('long')).updates).toEqual([]);
    expect((await store.loadRoomState('short')).updates).toHaveLength(2);
    expect(encodedStored(await store.loadRoomState('long'))).toEqual(
      Y.encodeStateAsUpdate(docs.get('long')!),
    );
  });

  it('two relays’ workers at once: every due room compacted, nothing a writer appended meanwhile lost', async () => {
    const rooms = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => [id, 8]));
    const { url, store, docs } = await roomsWithLogs(rooms);
    const other = await openStore(url);
    let writing = true;
    const writer = (async () => {
      for (let round = 0; writing; round += 1) {
        for (const [id, doc] of docs) await append(store, id, doc, `during-${round}`);
      }
    })();
    const passes = await Promise.all([
      runCompactionPass(store, { holder: 'relay-1', policy }),
      runCompactionPass(other, { holder: 'relay-2', policy }),
    ]);
    writing = false;
    await writer;
    for (const id of Object.keys(rooms)) {
      const outcomes = passes.map((pass) => pass.outcomes.get(id));
      // One worker compacts it; the other found it leased, compacted what was appended since, or
      // (when its pass looked after the first compaction) did not find it due at all.
      expect(outcomes).toContain('compacted');
      for (const outcome of outcomes.filter((found) => found !== undefined)) {
        expect(['compacted', 'leased-elsewhere', 'nothing-to-compact']).toContain(outcome);
      }
      // Whatever was compacted and whatever was appended meanwhile: the document is whole.
      expect(encodedStored(await other.loadRoomState(id))).toEqual(
        Y.encodeStateAsUpdate(docs.get(id)!),
      );
    }
    const leases = await store.pool.query('SELECT room_id FROM compaction_leases');
    expect(leases.rows).toEqual([]);
  });
});
