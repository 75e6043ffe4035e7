import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareIncident } from '../../shared/ops';
import { readRoom } from '../../shared/read/read-room';
import { RELAY_ROOMS_PATH, type TeamRoomList } from '../../shared/protocol/relay-http';
import { createTestRoom, type CreatedRoom } from '../testing/create-test-room';
import {
  connectConfirmingClient,
  covers,
  type ConfirmingClient,
} from '../testing/confirming-client';
import { waitFor } from '../testing/relay-clients';
import { fetchHealth, fetchMetric } from '../testing/relay-http';
import {
  CLUSTER_TEAM_KEY,
  startSharedCluster,
  type SharedCluster,
} from '../testing/shared-cluster';
import { PostgresRoomStore } from '../storage/postgres/postgres-room-store';
import { docFromStored } from '../testing/stored-room-doc';

const ROOMS = 20;
const WRITES_PER_CLIENT = 30;

let cluster: SharedCluster;
let store: PostgresRoomStore;

beforeAll(async () => {
  // Every test client connects from 127.0.0.1: lift the per-address limit (default 50).
  cluster = await startSharedCluster({ relays: 3, args: ['--max-connections-per-address', '500'] });
  store = await PostgresRoomStore.open(cluster.databaseUrl);
}, 120_000);

afterAll(async () => {
  await store?.close();
  await cluster?.destroy();
});

/** The room as PostgreSQL has it (snapshot and log), whatever any relay holds in memory. */
async function storedState(roomId: string): Promise<Y.Doc> {
  return docFromStored(await store.loadRoomState(roomId));
}

function encoded(doc: Y.Doc): string {
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

/** Writes `count` entries, one update each, yielding between them so writers interleave. */
async function write(client: ConfirmingClient, label: string, count: number): Promise<void> {
  const entries = client.doc.getArray<string>('entries');
  for (let i = 0; i < count; i += 1) {
    entries.push([`${label}-${i}`]);
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
  }
}

describe('three relays sharing rooms through Redis and PostgreSQL', () => {
  it('converge byte for byte, keep every acknowledged update through a kill -9, and take its clients', async () => {
    const { relays } = cluster;
    const rooms: CreatedRoom[] = [];
    for (let i = 0; i < ROOMS; i += 1) rooms.push(await createTestRoom(relays[i % 3]!.url));
    // Per room, one writer on each relay.
    const clients = rooms.map((room) =>
      relays.map((relay) => connectConfirmingClient(relay.wsRoomsUrl, room.id, room.writeKey)),
    );
    await waitFor(
      () => clients.flat().every((client) => client.provider.synced),
      'every client to sync',
      30_000,
    );

    const firstHalf = Math.floor(WRITES_PER_CLIENT / 2);
    await Promise.all(
      clients.flatMap((perRoom, r) =>
        perRoom.map((client, k) => write(client, `r${r}-c${k}-a`, firstHalf)),
      ),
    );
    // Relay 2 dies mid-run: SIGKILL, no flush, no goodbye; its clients keep writing, unheard.
    const writing = Promise.all(
      clients.flatMap((perRoom, r) =>
        perRoom.map((client, k) => write(client, `r${r}-c${k}-b`, WRITES_PER_CLIENT - firstHalf)),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await relays[2]!.kill();
    const acknowledgedByDead = clients.map((perRoom) => new Map(perRoom[2]!.confirmed));
    await writing;

    // Everything the dead relay acknowledged is in PostgreSQL.
    for (const [r, room] of rooms.entries()) {
      const stored = Y.decodeStateVector(Y.encodeStateVector(await storedState(room.id)));
      expect(covers(stored, acknowledgedByDead[r]!), `room ${r}`).toBe(true);
    }
    // Its clients move on (as hosts do, to the next advertised relay), with what it never heard.
    for (const perRoom of clients) perRoom[2]!.moveTo(relays[0]!.wsRoomsUrl);

    for (const [r, perRoom] of clients.entries()) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const diag = async (): Promise<string> =>
        JSON.stringify({
          stored: (await storedState(rooms[r]!.id)).getArray('entries').length,
          clients: perRoom.map((c) => [
            c.doc.getArray('entries').length,
            c.provider.synced,
            c.provider.wsconnected,
            c.closeCodes,
          ]),
          out: relays.map((relay) => relay.output().slice(-2000)),
        });
      await waitFor(
        async () => {
          const want = encoded(await storedState(rooms[r]!.id));
          return perRoom.every((client) => encoded(client.doc) === want);
        },
        `room ${r} to converge on every client and in PostgreSQL`,
        30_000,
      ).catch(async (error: unknown) => {
        throw new Error(`${String(error)} ${await diag()}`);
      });
      expect(perRoom[0]!.doc.getArray('entries').length).toBe(3 * WRITES_PER_CLIENT);
    }

    // Restarted, the dead relay serves the same rooms as the others.
    const restarted = await cluster.restartRelay(2);
    for (const [r, room] of rooms.entries()) {
      const late = connectConfirmingClient(restarted.wsRoomsUrl, room.id, room.readKey);
      await waitFor(() => late.provider.synced, 'a client of the restarted relay to sync');
      expect(encoded(late.doc), `room ${r}`).toBe(encoded(clients[r]![0]!.doc));
      late.provider.destroy();
    }
    for (const client of clients.flat()) client.provider.destroy();
  }, 180_000);

  it('answer the room list, the events API and /healthz the same from every relay', async () => {
    const { relays } = cluster;
    const room = await createTestRoom(relays[0]!.url);
    // Declared by a client of relay 0; watched from relay 2; the event posted to relay 1.
    const ic = connectConfirmingClient(relays[0]!.wsRoomsUrl, room.id, room.writeKey);
    const watcher = connectConfirmingClient(relays[2]!.wsRoomsUrl, room.id, room.readKey);
    await waitFor(() => ic.provider.synced && watcher.provider.synced, 'both clients to sync');
    declareIncident(
      ic.doc,
      { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now },
      { title: 'Checkout errors', severity: 'SEV1' },
    );
    await waitFor(
      () => covers(ic.confirmed, Y.decodeStateVector(Y.encodeStateVector(ic.doc))),
      'the declaration to be confirmed',
    );
    const posted = await fetch(`${relays[1]!.url}/rooms/${room.id}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${room.writeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'checkout error rate above 5%', kind: 'alert' }),
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    // Written on relay 1, seen by a client of relay 2 through Redis.
    await waitFor(
      () => JSON.stringify(readRoom(watcher.doc)).includes('checkout error rate above 5%'),
      'the event to reach a client of another relay',
      // Under the 10 s safety catch-up from PostgreSQL, with room for a busy CI machine: this is
      // Redis carrying it.
      6_000,
    );
    const lists = async (): Promise<string[]> =>
      Promise.all(
        relays.map(async (relay) => {
          const response = await fetch(`${relay.url}${RELAY_ROOMS_PATH}`, {
            headers: { authorization: `Bearer ${CLUSTER_TEAM_KEY}` },
          });
          const list = (await response.json()) as TeamRoomList;
          return JSON.stringify(list.rooms.find((listed) => listed.id === room.id) ?? null);
        }),
      );
    // The row is written (debounced) by the relay that stored the declaration.
    await waitFor(async () => {
      const answers = await lists();
      return new Set(answers).size === 1 && answers[0]!.includes('Checkout errors');
    }, 'every relay to list the declared room alike');
    for (const relay of relays) {
      // Per process: both stores up (2 series of 1), updates published; the cluster's totals
      // alike from every relay (the killed relay of the test above may still count until its
      // report expires, so at least three relays).
      expect(await fetchMetric(relay.url, 'relay_shared_store_up')).toBe(2);
      expect(await fetchMetric(relay.url, 'relay_cluster_rooms')).toBe(ROOMS + 1);
      expect(await fetchMetric(relay.url, 'relay_cluster_relays')).toBeGreaterThanOrEqual(3);
      // Each relay reports every 5 s: the two clients above show within one report.
      await waitFor(
        async () => (await fetchMetric(relay.url, 'relay_cluster_connections')) >= 2,
        'the cluster gauge to count the two clients',
      );
      const health = await fetchHealth(relay.url);
      expect(health.shared).toEqual({ redis: true, postgres: true });
      expect(health.relays).toEqual(relays.map((r) => `http://127.0.0.1:${r.port}`));
    }
    expect(JSON.parse((await lists())[0]!)).toMatchObject({
      title: 'Checkout errors',
      severity: 'SEV1',
    });
    expect(
      await fetchMetric(relays[0]!.url, 'relay_shared_updates_published_total'),
    ).toBeGreaterThan(0);
    ic.provider.destroy();
    watcher.provider.destroy();
  }, 60_000);
});
