/**
 * The app's own hosts on three relays in shared mode (a real Redis, a real PostgreSQL): people
 * who reach the same room through different relays edit together, and when the relay one of them
 * is on dies (kill -9), that host moves to another relay by itself, from the addresses the
 * relays advertise on /healthz, and nothing it had pending is lost or doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInvite } from '../../shared/invite/invite-link';
import type { RoomSession } from '../../electron/host/rooms/room-session';
import { useHostHarness } from '../../electron/host/testing/host-harness';
import {
  appendTestEntry,
  testEntryIds,
  waitUntil,
} from '../../electron/host/testing/test-fixtures';
import { PostgresRoomStore } from '../../server/storage/postgres/postgres-room-store';
import { startSharedCluster, type SharedCluster } from '../../server/testing/shared-cluster';
import { docFromStored } from '../../server/testing/stored-room-doc';

const { newHost } = useHostHarness();
let cluster: SharedCluster;

beforeAll(async () => {
  cluster = await startSharedCluster({ relays: 3 });
}, 120_000);

afterAll(async () => {
  await cluster?.destroy();
});

function edit(session: RoomSession, id: string): void {
  session.edit(() => appendTestEntry(session.doc, { id, text: id, at: Date.now() }));
}

describe('hosts on three relays sharing their rooms', () => {
  it('edit together across relays, and a host whose relay is killed moves on with everything', async () => {
    const [first, second, third] = cluster.relays;
    const options = { watchNetworkMs: false, measureClock: false } as const;
    const alice = newHost(options);
    const record = await alice.host.createRoom({ title: 'Checkout errors', relayUrl: first!.url });
    const aliceRoom = alice.host.openRoom(record.localId);
    await aliceRoom.whenAllConfirmed();
    // Bob and Carol join the same room through the other two relays.
    const { roomId, writeKey } = record.relay!;
    const join = (relayUrl: string) => {
      const person = newHost(options);
      const joined = person.host.joinRoom(formatInvite({ relayUrl, roomId, key: writeKey! }));
      return person.host.openRoom(joined.localId);
    };
    const bobRoom = join(second!.url);
    const carolRoom = join(third!.url);
    edit(aliceRoom, 'alice-1');
    edit(bobRoom, 'bob-1');
    edit(carolRoom, 'carol-1');
    const firstThree = ['alice-1', 'bob-1', 'carol-1'];
    for (const room of [aliceRoom, bobRoom, carolRoom]) {
      await waitUntil(() => testEntryIds(room.doc).length === 3, 'three entries everywhere');
      expect(testEntryIds(room.doc)).toEqual(firstThree);
    }
    expect(aliceRoom.liveRelayUrl).toBe(first!.url);

    await first!.kill();
    for (const n of [2, 3, 4]) edit(aliceRoom, `alice-${n}`);
    await waitUntil(
      () => aliceRoom.liveRelayUrl !== null && aliceRoom.liveRelayUrl !== first!.url,
      'Alice live on another relay',
    );
    await aliceRoom.whenAllConfirmed();
    expect(aliceRoom.status()).toMatchObject({ connection: 'live', pendingToRelay: 0 });
    const all = [...firstThree, 'alice-2', 'alice-3', 'alice-4'].sort();
    for (const room of [aliceRoom, bobRoom, carolRoom]) {
      await waitUntil(() => testEntryIds(room.doc).length === all.length, 'every entry everywhere');
      expect(testEntryIds(room.doc)).toEqual(all);
    }
    // PostgreSQL holds it all, each entry once.
    const store = await PostgresRoomStore.open(cluster.databaseUrl);
    try {
      const stored = docFromStored(await store.loadRoomState(roomId));
      expect(testEntryIds(stored)).toEqual(all);
    } finally {
      await store.close();
    }
  });
});
