import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SequencedUpdate } from '../storage/postgres/postgres-room-store';
import { PostgresRoomStore } from '../storage/postgres/postgres-room-store';
import { compactRoomLog } from '../storage/postgres/room-compaction';
import { startRealPostgres, type RealPostgres } from '../testing/real-postgres';
import { startRealRedis, type RealRedis } from '../testing/real-redis';
import { encodedStored, setMetaKey } from '../testing/stored-room-doc';
import { waitFor } from '../testing/relay-clients';
import { RoomFanOut } from './room-fan-out';
import { SeqOrderedRoomFeed } from './seq-ordered-room-feed';

// Relays as they will be wired: append to a real PostgreSQL, then publish to a real Redis; a
// reading relay follows the room through the feed. One server of each for the file.
let postgres: RealPostgres;
let redis: RealRedis;
let databases = 0;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startRealPostgres(), startRealRedis()]);
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close().catch(() => undefined)));
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

interface TestRelay {
  readonly store: PostgresRoomStore;
  readonly fanOut: RoomFanOut;
  /** Appends one update of `doc`'s change and publishes it, as a wired relay will. */
  write(doc: Y.Doc, key: string, publish?: boolean): Promise<number>;
}

async function startRelay(url: string, relayId: string, room: string): Promise<TestRelay> {
  const store = await PostgresRoomStore.open(url);
  const fanOut = await RoomFanOut.connect(redis.url, { relayId });
  closers.push(
    () => fanOut.close(),
    () => store.close(),
  );
  return {
    store,
    fanOut,
    async write(doc, key, publish = true) {
      const update = setMetaKey(doc, key, relayId);
      const [seq] = await store.appendUpdates([{ roomId: room, update }]);
      if (publish) await fanOut.publish(room, seq!, update);
      return seq!;
    },
  };
}

/** A fresh database with the room, and a reading relay following it from seq 0. */
async function setUp(): Promise<{
  room: string;
  writers: TestRelay[];
  delivered: SequencedUpdate[];
  feed: SeqOrderedRoomFeed;
  replica: Y.Doc;
}> {
  databases += 1;
  // A room (and so a stream) of its own per test: Redis is shared by the file.
  const room = `feed-room-${databases}`;
  const url = await postgres.createDatabase(`feed_test_${databases}`);
  const writers = [await startRelay(url, 'relay-1', room), await startRelay(url, 'relay-2', room)];
  await writers[0]!.store.createRoom({
    id: room,
    writeKeyVerifier: Buffer.from('w'),
    readKeyVerifier: Buffer.from('r'),
    createdAt: 0,
  });
  const reader = await startRelay(url, 'relay-3', room);
  const delivered: SequencedUpdate[] = [];
  const replica = new Y.Doc();
  const feed = new SeqOrderedRoomFeed({
    roomId: room,
    afterSeq: 0,
    reader: reader.store,
    deliver: (updates) => {
      delivered.push(...updates);
      for (const update of updates) Y.applyUpdate(replica, update.data);
    },
  });
  await reader.fanOut.subscribe(room, (entry) => feed.accept(entry));
  return { room, writers, delivered, feed, replica };
}

describe('SeqOrderedRoomFeed', () => {
  it('delivers two relays’ concurrent writes in seq order, each once', async () => {
    const { room, writers, delivered, replica } = await setUp();
    await Promise.all(
      writers.map(async (relay, index) => {
        const doc = new Y.Doc();
        for (let i = 0; i < 25; i += 1) await relay.write(doc, `w${index}-${i}`);
      }),
    );
    await waitFor(() => delivered.length === 50, 'all 50 updates');
    expect(delivered.map((update) => update.seq)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(Y.encodeStateAsUpdate(replica)).toEqual(
      encodedStored(await writers[0]!.store.loadRoomState(room)),
    );
  });

  it('reads from PostgreSQL an update that was committed but never published', async () => {
    const { writers, delivered, replica } = await setUp();
    const doc = new Y.Doc();
    await writers[0]!.write(doc, 'one');
    await writers[0]!.write(doc, 'two', false); // its relay died between COMMIT and XADD
    await writers[1]!.write(new Y.Doc(), 'three');
    await waitFor(() => delivered.length === 3, 'the three updates');
    expect(delivered.map((update) => update.seq)).toEqual([1, 2, 3]);
    expect(replica.getMap('meta').toJSON()).toEqual({
      one: 'relay-1',
      two: 'relay-1',
      three: 'relay-2',
    });
  });

  it('fills a gap that compaction folded into the snapshot', async () => {
    const { room, writers, delivered, replica } = await setUp();
    const doc = new Y.Doc();
    for (const key of ['a', 'b', 'c', 'd']) await writers[0]!.write(doc, key, false);
    expect(await compactRoomLog(writers[0]!.store, room, 'relay-1')).toBe('compacted');
    await writers[1]!.write(new Y.Doc(), 'e');
    await waitFor(() => replica.getMap('meta').size === 5, 'the snapshot and the new update');
    expect(delivered.map((update) => update.seq)).toEqual([4, 5]); // the snapshot covers 1-4
    expect(Y.encodeStateAsUpdate(replica)).toEqual(
      encodedStored(await writers[0]!.store.loadRoomState(room)),
    );
  });

  it('catchUp() finds an unpublished last update that no later entry reveals', async () => {
    const { writers, delivered, feed } = await setUp();
    await writers[0]!.write(new Y.Doc(), 'lonely', false);
    await feed.catchUp();
    expect(delivered.map((update) => update.seq)).toEqual([1]);
    expect(feed.deliveredThrough).toBe(1);
  });
});
