import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignRole,
  declareIncident,
  pageRoles,
  resolveIncident,
  setSeverity,
} from '../../shared/ops';
import { readRoom } from '../../shared/read/read-room';
import type { TeamRoomList, TeamRoomListing } from '../../shared/protocol/relay-http';
import { createTestRoom, type CreatedRoom } from '../testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from '../testing/relay-clients';
import { fetchMetric } from '../testing/relay-http';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';

const TEAM_KEY = 'team-key-for-list-tests-0123456789';
const ic = { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now };

let relay: SpawnedRelay;
const clients: ReturnType<typeof connectStockClient>[] = [];

beforeAll(async () => {
  relay = await spawnRelay({ args: ['--team-key', TEAM_KEY] });
});
afterAll(async () => {
  for (const client of clients) client.provider.destroy();
  await relay.stop();
});

function getRooms(relayUrl: string, authorization?: string, query = '') {
  return fetch(`${relayUrl}/rooms${query}`, {
    headers: authorization ? { authorization } : {},
  });
}

async function listRooms(relayUrl = relay.url): Promise<TeamRoomListing[]> {
  const response = await getRooms(relayUrl, `Bearer ${TEAM_KEY}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as TeamRoomList).rooms;
}

/** A room made and declared the way a host does it: POST /rooms, then a synced client. */
async function declareRoom(title: string, severity: 'SEV1' | 'SEV2' | 'SEV3') {
  const room: CreatedRoom = await createTestRoom(relay.url);
  const client = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
  clients.push(client);
  await waitForSynced(client.provider);
  declareIncident(client.doc, ic, { title, severity });
  return { room, doc: client.doc };
}

function listedAs(rooms: TeamRoomListing[], id: string): TeamRoomListing | undefined {
  return rooms.find((listed) => listed.id === id);
}

describe('GET /rooms with the team key', () => {
  let checkout: Awaited<ReturnType<typeof declareRoom>>;
  let database: Awaited<ReturnType<typeof declareRoom>>;

  it('lists declared rooms with their title, severity, phase and source', async () => {
    checkout = await declareRoom('Checkout errors', 'SEV2');
    database = await declareRoom('Primary DB failover', 'SEV1');
    await waitFor(
      async () => (await listRooms()).filter((listed) => listed.title !== null).length === 2,
      'both declarations in the list',
    );
    const rooms = await listRooms();
    expect(listedAs(rooms, checkout.room.id)).toMatchObject({
      title: 'Checkout errors',
      severity: 'SEV2',
      phase: 'investigating',
      state: 'open',
      source: 'app',
    });
    expect(listedAs(rooms, database.room.id)).toMatchObject({
      title: 'Primary DB failover',
      severity: 'SEV1',
    });
    // The most recently active first: the database room was declared last.
    expect(rooms.map((listed) => listed.id)).toEqual([database.room.id, checkout.room.id]);
  });

  it('moves a room up when it changes, with its new last activity', async () => {
    const before = listedAs(await listRooms(), checkout.room.id)!;
    setSeverity(checkout.doc, ic, { severity: 'SEV1' });
    await waitFor(
      async () => listedAs(await listRooms(), checkout.room.id)?.severity === 'SEV1',
      'the new severity in the list',
    );
    const rooms = await listRooms();
    expect(listedAs(rooms, checkout.room.id)!.lastActivityAt).toBeGreaterThan(
      before.lastActivityAt,
    );
    expect(rooms[0]!.id).toBe(checkout.room.id);
  });

  it('lists the paged roles no person holds yet, and drops each as someone takes it', async () => {
    expect(listedAs(await listRooms(), database.room.id)?.pagedRoles).toEqual([]);
    pageRoles(database.doc, ic, { roles: ['scribe', 'ops'], reason: 'SEV1 needs hands' });
    await waitFor(
      async () => listedAs(await listRooms(), database.room.id)?.pagedRoles.length === 2,
      'the page in the list',
    );
    expect(listedAs(await listRooms(), database.room.id)?.pagedRoles).toEqual(['ops', 'scribe']);
    assignRole(database.doc, ic, { role: 'ops', person: { id: 'u-ops', name: 'Omar' } });
    await waitFor(
      async () => listedAs(await listRooms(), database.room.id)?.pagedRoles.length === 1,
      'the answered page gone from the list',
    );
    expect(listedAs(await listRooms(), database.room.id)?.pagedRoles).toEqual(['scribe']);
  });

  it('puts a resolved room after every open one', async () => {
    resolveIncident(checkout.doc, ic, { overrideReason: 'test: resolve at once' });
    await waitFor(
      async () => listedAs(await listRooms(), checkout.room.id)?.state === 'resolved',
      'the resolution in the list',
    );
    const fresh = await createTestRoom(relay.url);
    const rooms = await listRooms();
    expect(rooms.map((listed) => listed.id)).toEqual([
      fresh.id,
      database.room.id,
      checkout.room.id,
    ]);
    expect(listedAs(rooms, checkout.room.id)).toMatchObject({ phase: 'resolved' });
    // A room nobody declared yet is listed from its creation, untitled.
    expect(listedAs(rooms, fresh.id)).toMatchObject({ title: null, severity: null, state: 'open' });
    expect(readRoom(checkout.doc).phase).toBe('resolved');
  });

  it('answers at most ?limit= rooms, and refuses a bad limit', async () => {
    const response = await getRooms(relay.url, `Bearer ${TEAM_KEY}`, '?limit=1');
    expect(((await response.json()) as TeamRoomList).rooms).toHaveLength(1);
    for (const bad of ['0', '1001', 'ten', '-1']) {
      const refused = await getRooms(relay.url, `Bearer ${TEAM_KEY}`, `?limit=${bad}`);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toMatch(/limit/);
    }
  });

  it('keeps the list across a restart', async () => {
    const before = await listRooms();
    relay = await relay.restart();
    expect(await listRooms()).toEqual(before);
  });
});

describe('GET /rooms refusals', () => {
  it('needs the team key: 401 without it or with another, counted', async () => {
    const before = await fetchMetric(relay.url, 'relay_auth_refusals_total');
    const missing = await getRooms(relay.url);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: string }).error).toMatch(/team key/);
    const wrong = await getRooms(relay.url, 'Bearer not-the-team-key-000000');
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).toMatch(/not the team key/);
    expect(text).not.toContain('not-the-team-key-000000');
    expect(await fetchMetric(relay.url, 'relay_auth_refusals_total')).toBe(before + 2);
  });

  it('says a relay without a team key has no team list (404)', async () => {
    const plain = await spawnRelay();
    try {
      const response = await getRooms(plain.url, `Bearer ${TEAM_KEY}`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: string }).error).toMatch(
        /no team key.*--team-key/,
      );
    } finally {
      await plain.stop();
    }
  });
});
