import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes';
import { RELAY_HEALTH_PATH, type RelayHealth } from '../../shared/protocol/relay-http';
import { PostgresRoomStore } from '../storage/postgres/postgres-room-store';
import {
  connectConfirmingClient,
  covers,
  ownWritesConfirmed,
  type ConfirmingClient,
} from '../testing/confirming-client';
import { createTestRoom, type CreatedRoom } from '../testing/create-test-room';
import { waitFor } from '../testing/relay-clients';
import { startSharedCluster, type SharedCluster } from '../testing/shared-cluster';
import { docFromStored } from '../testing/stored-room-doc';

const ROOMS = 4;

let cluster: SharedCluster;

beforeAll(async () => {
  cluster = await startSharedCluster({ relays: 2 });
}, 120_000);

afterAll(async () => {
  await cluster?.destroy();
});

function stateVector(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

function encoded(doc: Y.Doc): string {
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

async function health(url: string): Promise<{ status: number; body: RelayHealth }> {
  const response = await fetch(`${url}${RELAY_HEALTH_PATH}`);
  return { status: response.status, body: (await response.json()) as RelayHealth };
}

/** Per room, a writer on each relay; every one synced. */
async function openRooms(): Promise<{ rooms: CreatedRoom[]; clients: ConfirmingClient[][] }> {
  const rooms: CreatedRoom[] = [];
  for (let i = 0; i < ROOMS; i += 1) rooms.push(await createTestRoom(cluster.relays[0]!.url));
  const clients = rooms.map((room) =>
    cluster.relays.map((relay) =>
      connectConfirmingClient(relay.wsRoomsUrl, room.id, room.writeKey),
    ),
  );
  await waitFor(() => clients.flat().every((c) => c.provider.synced), 'every client to sync');
  return { rooms, clients };
}

function writeEach(clients: ConfirmingClient[][], label: string): void {
  for (const [r, perRoom] of clients.entries()) {
    for (const [k, client] of perRoom.entries()) {
      client.doc.getArray<string>('entries').push([`${label}-r${r}-c${k}`]);
    }
  }
}

async function everyoneConverged(
  rooms: readonly CreatedRoom[],
  clients: ConfirmingClient[][],
  expectedEntries: number,
): Promise<void> {
  const store = await PostgresRoomStore.open(cluster.databaseUrl);
  try {
    for (const [r, perRoom] of clients.entries()) {
      await waitFor(
        async () => {
          const stored = encoded(docFromStored(await store.loadRoomState(rooms[r]!.id)));
          return perRoom.every((client) => encoded(client.doc) === stored);
        },
        `room ${r} to converge on every client and in PostgreSQL`,
        30_000,
      );
      expect(perRoom[0]!.doc.getArray('entries').length).toBe(expectedEntries);
    }
  } finally {
    await store.close();
  }
}

describe('shared mode when its stores go away', () => {
  it('refuses writes with StorageFailure while PostgreSQL is down, and recovers by itself', async () => {
    const { rooms, clients } = await openRooms();
    writeEach(clients, 'before');
    await waitFor(
      () => clients.flat().every(ownWritesConfirmed),
      'every write before the outage to be confirmed',
    );
    const acknowledged = clients.map((perRoom) => perRoom.map((c) => new Map(c.confirmed)));

    await cluster.postgres.stop();
    const down = await health(cluster.relays[0]!.url);
    expect(down.status).toBe(503);
    expect(down.body.shared).toEqual({ redis: true, postgres: false });
    // Written while PostgreSQL is away: refused with a named close code, never confirmed.
    writeEach(clients, 'during');
    await waitFor(
      () => clients.flat().every((c) => c.closeCodes.includes(CloseCode.StorageFailure)),
      'every client to be closed with StorageFailure',
    );
    const events = await fetch(`${cluster.relays[1]!.url}/rooms/${rooms[0]!.id}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${rooms[0]!.writeKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ text: 'not while the store is away' }),
    });
    expect(events.status).toBe(503);
    for (const client of clients.flat()) expect(ownWritesConfirmed(client)).toBe(false);

    await cluster.postgres.start();
    // The clients retried on their own; what they wrote during the outage lands now.
    await everyoneConverged(rooms, clients, 2 * 2);
    for (const [r, perRoom] of clients.entries()) {
      for (const [k, client] of perRoom.entries()) {
        expect(covers(stateVector(client.doc), acknowledged[r]![k]!)).toBe(true);
      }
    }
    expect((await health(cluster.relays[0]!.url)).status).toBe(200);
    for (const client of clients.flat()) client.provider.destroy();
  }, 120_000);

  it('keeps storing while Redis is down, carries updates between relays from PostgreSQL, and recovers', async () => {
    const { rooms, clients } = await openRooms();
    await cluster.redis.stop();
    writeEach(clients, 'during');
    // Stored (and confirmed) without Redis: PostgreSQL is what "acknowledged" rests on.
    await waitFor(
      () => clients.flat().every(ownWritesConfirmed),
      'writes during the Redis outage to be confirmed',
    );
    const during = await health(cluster.relays[1]!.url);
    expect(during.status).toBe(200);
    expect(during.body.shared).toEqual({ redis: false, postgres: true });
    // A client of the other relay sees them anyway: relays read loaded rooms from PostgreSQL.
    await everyoneConverged(rooms, clients, 2);

    await cluster.redis.start();
    writeEach(clients, 'after');
    await everyoneConverged(rooms, clients, 2 * 2);
    expect((await health(cluster.relays[1]!.url)).body.shared).toEqual({
      redis: true,
      postgres: true,
    });
    for (const client of clients.flat()) client.provider.destroy();
  }, 120_000);
});
