import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealPostgres, type RealPostgres } from '../../testing/real-postgres';
import { docFromStored, encodedStored, setMetaKey } from '../../testing/stored-room-doc';
import type { RoomRecord } from '../relay-store';
import { inTransaction } from './in-transaction';
import { migratePostgres } from './migrate-postgres';
import { postgresMigrations } from './migrations';
import { PostgresRoomStore } from './postgres-room-store';
import { compactRoomLog, replaceLogPrefix, takeCompactionLease } from './room-compaction';

// The shared-mode store against a real PostgreSQL (one server for the file, a database per test).
let server: RealPostgres;
let databases = 0;
const stores: PostgresRoomStore[] = [];

beforeAll(async () => {
  server = await startRealPostgres();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close().catch(() => undefined)));
  await server?.destroy();
});

async function freshDatabase(): Promise<string> {
  databases += 1;
  return server.createDatabase(`store_test_${databases}`);
}

async function openStore(url: string): Promise<PostgresRoomStore> {
  const store = await PostgresRoomStore.open(url);
  stores.push(store);
  return store;
}

function room(id: string): RoomRecord {
  return {
    id,
    writeKeyVerifier: Buffer.from(`w-${id}`),
    readKeyVerifier: Buffer.from(`r-${id}`),
    createdAt: 1_774_320_000_000,
  };
}

describe('PostgreSQL migrations', () => {
  it('bring a new database to the newest schema once, also with two relays at once', async () => {
    const url = await freshDatabase();
    const pools = [new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url })];
    try {
      const runs = await Promise.all(pools.map((pool) => migratePostgres(pool)));
      const newest = postgresMigrations.at(-1)!.version;
      expect(runs.map((run) => run.to)).toEqual([newest, newest]);
      expect(await migratePostgres(pools[0]!)).toEqual({ from: newest, to: newest });
      const { rows } = await pools[0]!.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      expect(rows.map((row) => row.table_name)).toEqual([
        'alert_deliveries',
        'alert_rooms',
        'compaction_leases',
        'follow_up_issues',
        'follow_up_sends',
        'outbound_deliveries',
        'relay_schema',
        'room_listing',
        'room_snapshots',
        'room_updates',
        'rooms',
        'status_page_rooms',
        'status_page_updates',
        'status_page_versions',
        'statuspage_incidents',
        'unrouted_alerts',
      ]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('refuse a database from a newer relay, changing nothing', async () => {
    const url = await freshDatabase();
    const pool = new pg.Pool({ connectionString: url });
    try {
      await migratePostgres(pool);
      await pool.query('UPDATE relay_schema SET version = 99');
      await expect(migratePostgres(pool)).rejects.toThrow(
        `schema 99, newer than this relay knows (${postgresMigrations.length}); upgrade the relay`,
      );
      expect((await pool.query('SELECT version FROM relay_schema')).rows).toEqual([
        { version: 99 },
      ]);
    } finally {
      await pool.end();
    }
  });
});

describe('PostgresRoomStore', () => {
  it('creates a room once, with its team list row, and finds it by id', async () => {
    const store = await openStore(await freshDatabase());
    expect(await store.createRoom(room('checkout'))).toBe(true);
    expect(
      await store.createRoom({ ...room('checkout'), writeKeyVerifier: Buffer.from('x') }),
    ).toBe(false);
    expect(await store.findRoom('checkout')).toEqual(room('checkout'));
    expect(await store.findRoom('elsewhere')).toBeUndefined();
    expect(await store.countRooms()).toBe(1);
    const listing = await store.pool.query('SELECT room_id, last_activity_at FROM room_listing');
    expect(listing.rows).toEqual([{ room_id: 'checkout', last_activity_at: '1774320000000' }]);
  });

  it('appends a batch of several rooms in one transaction, numbering each room from 1', async () => {
    const store = await openStore(await freshDatabase());
    await store.createRoom(room('a'));
    await store.createRoom(room('b'));
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const seqs = await store.appendUpdates([
      { roomId: 'b', update: setMetaKey(docB, 'title', 'B1') },
      { roomId: 'a', update: setMetaKey(docA, 'title', 'A1') },
      { roomId: 'b', update: setMetaKey(docB, 'severity', 'SEV2') },
      {
        roomId: 'a',
        update: setMetaKey(docA, 'severity', 'SEV1'),
        deliveries: [{ sourceId: 'am', deliveryId: 'd1' }],
      },
    ]);
    expect(seqs).toEqual([1, 1, 2, 2]);
    const stateA = await store.loadRoomState('a');
    expect(stateA.lastSeq).toBe(2);
    expect(encodedStored(stateA)).toEqual(Y.encodeStateAsUpdate(docA));
    const deliveries = await store.pool.query(
      'SELECT source_id, delivery_id, room_id FROM alert_deliveries',
    );
    expect(deliveries.rows).toEqual([{ source_id: 'am', delivery_id: 'd1', room_id: 'a' }]);
  });

  it('stores nothing of a batch when one of its rooms does not exist', async () => {
    const store = await openStore(await freshDatabase());
    await store.createRoom(room('a'));
    const doc = new Y.Doc();
    await expect(
      store.appendUpdates([
        { roomId: 'a', update: setMetaKey(doc, 'title', 'kept?') },
        { roomId: 'missing', update: setMetaKey(doc, 'title', 'no') },
      ]),
    ).rejects.toThrow('cannot append to room missing: no such room');
    const state = await store.loadRoomState('a');
    expect(state.updates).toEqual([]);
    expect(state.lastSeq).toBe(0);
    expect(
      await store.appendUpdates([{ roomId: 'a', update: setMetaKey(doc, 'title', 'next') }]),
    ).toEqual([1]);
  });

  it('numbers one room gaplessly when two relays append to it at once', async () => {
    const url = await freshDatabase();
    const relays = [await openStore(url), await openStore(url)];
    await relays[0]!.createRoom(room('busy'));
    const writers = relays.map((_, index) => new Y.Doc({ guid: `writer-${index}` }));
    const rounds = 20;
    const results = await Promise.all(
      relays.map(async (store, index) => {
        const seqs: number[] = [];
        for (let round = 0; round < rounds; round += 1) {
          const update = setMetaKey(writers[index]!, `w${index}-${round}`, 'x');
          seqs.push(...(await store.appendUpdates([{ roomId: 'busy', update }])));
        }
        return seqs;
      }),
    );
    const all = results.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 2 * rounds }, (_, i) => i + 1));
    const stored = docFromStored(await relays[1]!.loadRoomState('busy'));
    expect(stored.getMap('meta').size).toBe(2 * rounds);
  });
  it('never deadlocks when two relays batch the same rooms in opposite orders', async () => {
    const url = await freshDatabase();
    const relays = [await openStore(url), await openStore(url)];
    for (const id of ['a', 'b', 'c']) await relays[0]!.createRoom(room(id));
    const orders = [
      ['a', 'b', 'c'],
      ['c', 'b', 'a'],
    ];
    await Promise.all(
      relays.map(async (store, index) => {
        const doc = new Y.Doc();
        for (let round = 0; round < 30; round += 1) {
          await store.appendUpdates(
            orders[index]!.map((roomId) => ({
              roomId,
              update: setMetaKey(doc, `${roomId}-${round}`, 'x'),
            })),
          );
        }
      }),
    );
    for (const id of ['a', 'b', 'c']) {
      expect((await relays[0]!.loadRoomState(id)).lastSeq).toBe(60);
    }
  });
});

describe('shared-mode compaction', () => {
  async function roomWithLog(entries: number): Promise<{ store: PostgresRoomStore; doc: Y.Doc }> {
    const store = await openStore(await freshDatabase());
    await store.createRoom(room('r'));
    const doc = new Y.Doc();
    for (let i = 0; i < entries; i += 1) {
      await store.appendUpdates([{ roomId: 'r', update: setMetaKey(doc, `k${i}`, `v${i}`) }]);
    }
    return { store, doc };
  }

  it('replaces the log by a snapshot of the same document; a later read starts from it', async () => {
    const { store, doc } = await roomWithLog(5);
    expect(await compactRoomLog(store, 'r', 'relay-1')).toBe('compacted');
    const state = await store.loadRoomState('r');
    expect(state.updates).toEqual([]);
    expect(state.lastSeq).toBe(5);
    expect(encodedStored(state)).toEqual(Y.encodeStateAsUpdate(doc));
    expect(await compactRoomLog(store, 'r', 'relay-1')).toBe('nothing-to-compact');
    // A relay that had seen up to seq 3 gets the snapshot (it covers 4 and 5) and what follows.
    await store.appendUpdates([{ roomId: 'r', update: setMetaKey(doc, 'after', 'yes') }]);
    const after = await store.loadRoomAfter('r', 3);
    expect(after.snapshot).not.toBeNull();
    expect(after.updates.map((update) => update.seq)).toEqual([6]);
    expect((await store.loadRoomAfter('r', 5)).snapshot).toBeNull();
  });

  it('runs one worker at a time: a room leased by another relay is left alone', async () => {
    const { store } = await roomWithLog(3);
    expect(await takeCompactionLease(store.pool, 'r', 'relay-2', 60_000)).toBe(true);
    expect(await compactRoomLog(store, 'r', 'relay-1')).toBe('leased-elsewhere');
    expect((await store.loadRoomState('r')).updates).toHaveLength(3);
    // An expired lease is free again.
    await store.pool.query("UPDATE compaction_leases SET expires_at = now() - interval '1 second'");
    expect(await compactRoomLog(store, 'r', 'relay-1')).toBe('compacted');
  });

  it('never blocks writers: appends go through while a compaction write is open', async () => {
    const { store, doc } = await roomWithLog(3);
    expect(await takeCompactionLease(store.pool, 'r', 'relay-1', 60_000)).toBe(true);
    const snapshot = Y.encodeStateAsUpdate(doc);
    let appended: number[] = [];
    await inTransaction(store.pool, async (client) => {
      expect(
        await replaceLogPrefix(client, { roomId: 'r', holder: 'relay-1', snapshot, throughSeq: 3 }),
      ).toBe(true);
      // The compaction's transaction is still open here.
      const write = store.appendUpdates([
        { roomId: 'r', update: setMetaKey(doc, 'during', 'compaction') },
      ]);
      const blocked = new Promise<'blocked'>((resolve) =>
        setTimeout(() => resolve('blocked'), 3_000),
      );
      const outcome = await Promise.race([write, blocked]);
      expect(outcome).toEqual([4]);
      appended = outcome as number[];
    });
    expect(appended).toEqual([4]);
    const state = await store.loadRoomState('r');
    expect(state.updates).toHaveLength(1);
    expect(encodedStored(state)).toEqual(Y.encodeStateAsUpdate(doc));
  });

  it('writes nothing when its lease was lost, and never rolls a snapshot back', async () => {
    const { store, doc } = await roomWithLog(4);
    const stale = Y.encodeStateAsUpdate(doc);
    expect(await compactRoomLog(store, 'r', 'relay-1')).toBe('compacted');
    await inTransaction(store.pool, async (client) => {
      // Not holding the lease: refused.
      expect(
        await replaceLogPrefix(client, {
          roomId: 'r',
          holder: 'relay-9',
          snapshot: stale,
          throughSeq: 2,
        }),
      ).toBe(false);
    });
    await takeCompactionLease(store.pool, 'r', 'relay-9', 60_000);
    await inTransaction(store.pool, async (client) => {
      // Holding it, but with an older snapshot than the stored one: the stored one stays.
      await replaceLogPrefix(client, {
        roomId: 'r',
        holder: 'relay-9',
        snapshot: new Uint8Array([0, 0]),
        throughSeq: 2,
      });
    });
    const state = await store.loadRoomAfter('r', 0);
    expect(state.snapshotThroughSeq).toBe(4);
    expect(encodedStored({ snapshot: state.snapshot, updates: [] })).toEqual(
      Y.encodeStateAsUpdate(doc),
    );
  });
});

describe('PostgreSQL going away', () => {
  it('rejects appends while the server is down and works again once it is back', async () => {
    const store = await openStore(await freshDatabase());
    await store.createRoom(room('r'));
    const doc = new Y.Doc();
    expect(await store.appendUpdates([{ roomId: 'r', update: setMetaKey(doc, 'a', '1') }])).toEqual(
      [1],
    );
    expect(await store.reachable()).toBe(true);
    await server.stop();
    try {
      expect(await store.reachable()).toBe(false);
      await expect(
        store.appendUpdates([{ roomId: 'r', update: setMetaKey(doc, 'b', '2') }]),
      ).rejects.toThrow();
    } finally {
      await server.start();
    }
    expect(await store.reachable()).toBe(true);
    // The refused update was never stored: the next one is seq 2, and the pool reconnected.
    // (Written by another client: this one's next update would depend on the refused one.)
    const other = new Y.Doc();
    expect(
      await store.appendUpdates([{ roomId: 'r', update: setMetaKey(other, 'c', '3') }]),
    ).toEqual([2]);
    const stored = docFromStored(await store.loadRoomState('r'));
    expect(stored.getMap('meta').toJSON()).toEqual({ a: '1', c: '3' });
  });
});
