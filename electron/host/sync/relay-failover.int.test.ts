/**
 * Hosts survive their relay dying: two real relay processes that advertise each other
 * (`--advertise-urls`), each with its own SQLite folder and the same room (same id and keys).
 * Two separate SQLite relays share no updates between themselves; the host carries what it has
 * to whichever relay it reaches, so every edit must arrive on the second one through the host.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatInvite } from '../../../shared/invite/invite-link';
import type { RoomSession } from '../rooms/room-session';
import { freePort } from '../testing/free-port';
import { useHostHarness } from '../testing/host-harness';
import { startConnectionProbe } from '../testing/connection-probe';
import { RelayProcess } from '../testing/spawn-relay-process';
import {
  INTEGRATION_TIMEOUT_MS,
  appendTestEntry,
  testEntryIds,
  waitUntil,
} from '../testing/test-fixtures';
import { createRelayRoom } from './relay-http';
import { roomsSocketBase } from './relay-connection';

const { newHost } = useHostHarness();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Room {
  roomId: string;
  writeKey: string;
  readKey: string;
}

/** Two relays on ports chosen first, each advertising both addresses. */
async function twoRelays(): Promise<[RelayProcess, RelayProcess]> {
  const ports = [await freePort(), await freePort()];
  const env = { RELAY_ADVERTISE_URLS: ports.map((port) => `http://127.0.0.1:${port}`).join(',') };
  const relays: RelayProcess[] = [];
  for (const port of ports) {
    const relay = await RelayProcess.start({ port, env });
    cleanups.push(() => relay.dispose());
    relays.push(relay);
  }
  const [a, b] = relays;
  if (!a || !b) throw new Error('two relays expected');
  return [a, b];
}

/** A room with an id and keys chosen here, created with them on each relay given. */
async function chosenRoom(...relays: RelayProcess[]): Promise<Room> {
  const room = {
    roomId: `failover-${randomBytes(6).toString('hex')}`,
    writeKey: randomBytes(32).toString('base64url'),
    readKey: randomBytes(32).toString('base64url'),
  };
  for (const relay of relays) {
    const { roomId, writeKey, readKey } = room;
    await createRelayRoom(relay.url, { roomId, keys: { writeKey, readKey } });
  }
  return room;
}

function edit(session: RoomSession, id: string): void {
  session.edit(() => appendTestEntry(session.doc, { id, text: id, at: Date.now() }));
}

/** What a relay stores of the room: a fresh doc synced once with it (the relay's sync answer). */
async function storedOn(relay: RelayProcess, room: Room): Promise<Y.Doc> {
  const { connection, doc } = startConnectionProbe({
    relayUrl: relay.url,
    roomId: room.roomId,
    key: room.readKey,
  });
  try {
    await waitUntil(() => connection.linkState.kind === 'live', `the room on ${relay.url}`);
  } finally {
    connection.stop();
  }
  return doc;
}

/** Every change in `doc` is in `stored`: applying `doc` on top adds nothing. */
function holdsEverything(stored: Y.Doc, doc: Y.Doc): boolean {
  const missing = Y.diffUpdate(Y.encodeStateAsUpdate(doc), Y.encodeStateVector(stored));
  const probe = new Y.Doc();
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(stored));
  const before = Y.encodeStateAsUpdate(probe);
  Y.applyUpdate(probe, missing);
  return Buffer.from(Y.encodeStateAsUpdate(probe)).equals(Buffer.from(before));
}

describe('a host whose relay dies', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('moves to the other relay by itself and brings every edit there, once', async () => {
    const [a, b] = await twoRelays();
    const room = await chosenRoom(a, b);
    const alice = newHost({ watchNetworkMs: false, measureClock: false });
    const record = await alice.host.createRoom({
      title: 'Failover',
      relayUrl: a.url,
      chosen: room,
    });
    let session = alice.host.openRoom(record.localId);
    await session.whenAllConfirmed();
    expect(session.liveRelayUrl).toBe(a.url);
    for (const n of [1, 2, 3]) edit(session, `before-${n}`);
    await session.whenAllConfirmed();

    await a.stop('SIGKILL');
    for (const n of [1, 2, 3]) edit(session, `while-down-${n}`);
    await waitUntil(() => session.liveRelayUrl === b.url, 'live on the other relay');
    await session.whenAllConfirmed();
    expect(session.status()).toMatchObject({ connection: 'live', pendingToRelay: 0 });

    // Someone who reaches the room through the second relay sees all of it, each edit once.
    const bob = newHost({ watchNetworkMs: false, measureClock: false });
    const joined = bob.host.joinRoom(
      formatInvite({ relayUrl: b.url, roomId: room.roomId, key: room.writeKey }),
    );
    const bobs = bob.host.openRoom(joined.localId);
    const six = [1, 2, 3].flatMap((n) => [`before-${n}`, `while-down-${n}`]).sort();
    await waitUntil(() => testEntryIds(bobs.doc).length === 6, 'six entries at Bob');
    expect(testEntryIds(bobs.doc)).toEqual(six);

    // Restarted while the first relay is still dead: the address learnt before is in host.sqlite.
    alice.host.close();
    const reopened = alice.reopen();
    session = reopened.openRoom(record.localId);
    await waitUntil(() => session.liveRelayUrl === b.url, 'live on the other relay after restart');
    edit(session, 'after-restart');
    await session.whenAllConfirmed();
    await waitUntil(() => testEntryIds(bobs.doc).length === 7, 'the edit made after the restart');

    // What the second relay stores (read after a kill -9 and restart) holds every edit, once.
    const aliceDoc = session.doc;
    bob.host.close();
    reopened.close();
    await b.restart('SIGKILL');
    const stored = await storedOn(b, room);
    expect(testEntryIds(stored)).toEqual([...six, 'after-restart'].sort());
    expect(holdsEverything(stored, aliceDoc)).toBe(true);
  });

  it('leaves out a relay that does not know the room, without refusing it', async () => {
    const [a, b] = await twoRelays();
    const room = await chosenRoom(a); // on the first relay only
    const { connection, states, attempts } = startConnectionProbe({
      relayUrl: a.url,
      roomId: room.roomId,
      key: room.writeKey,
    });
    const attemptsOnB = () => attempts.filter(({ url }) => url.startsWith(roomsSocketBase(b.url)));
    cleanups.push(() => connection.stop());
    await waitUntil(() => connection.linkState.kind === 'live', 'live on the first relay');
    expect(connection.relayAddresses).toEqual([a.url, b.url]);

    await a.stop('SIGKILL');
    await waitUntil(() => attemptsOnB().length === 1, 'an attempt on the second relay');
    await waitUntil(() => !connection.relayAddresses.includes(b.url), 'the second relay left out');
    // A few rounds of backoff on the first relay alone: the room is offline, never refused.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(connection.linkState.kind).toBe('offline');
    expect(attemptsOnB()).toHaveLength(1);
    await a.resume();
    await waitUntil(() => connection.linkState.kind === 'live', 'live again on the first relay');
    expect(connection.linkState).toEqual({ kind: 'live', relayUrl: a.url });
    expect(states.some((state) => state.kind === 'refused')).toBe(false);
  });
});
