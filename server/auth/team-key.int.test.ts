import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRoom } from '../../shared/read/read-room';
import { createTestRoom, type CreatedRoom } from '../testing/create-test-room';
import { openDeclaredRoom, type DeclaredRoom } from '../testing/declared-room';
import { openRawSocket } from '../testing/raw-relay-socket';
import { connectStockClient, waitFor, waitForSynced } from '../testing/relay-clients';
import { fetchMetric } from '../testing/relay-http';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';

const TEAM_KEY = 'team-key-for-tests-0123456789';

let declared: DeclaredRoom;
let relay: SpawnedRelay;
let room: CreatedRoom;

beforeAll(async () => {
  declared = await openDeclaredRoom(['--team-key', TEAM_KEY, '--log-level', 'info']);
  ({ relay, room } = declared);
});
afterAll(() => declared.close());

function postEvent(relayUrl: string, roomId: string, key: string) {
  return fetch(`${relayUrl}/rooms/${roomId}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ text: 'Logged with the team key', kind: 'observation' }),
  });
}

describe('the team key', () => {
  it('syncs any room over the websocket with write access, without the room key', async () => {
    const member = connectStockClient(relay.wsRoomsUrl, room.id, TEAM_KEY);
    try {
      await waitForSynced(member.provider);
      expect(readRoom(member.doc).title).toBe('Checkout errors');
      // Write access: what the member writes reaches the room's read-only watcher.
      member.doc.getMap('meta').set('service', 'checkout-api');
      await waitFor(
        () => declared.watcher.doc.getMap('meta').get('service') === 'checkout-api',
        'the team member’s edit at the watcher',
      );
    } finally {
      member.provider.destroy();
    }
  });

  it('writes through the events API', async () => {
    const response = await postEvent(relay.url, room.id, TEAM_KEY);
    expect(response.status).toBe(201);
    await waitFor(
      () =>
        readRoom(declared.watcher.doc).timeline.some(
          (entry) => entry.text === 'Logged with the team key',
        ),
      'the entry at the watcher',
    );
  });

  it('opens only rooms that exist', async () => {
    const outcome = await openRawSocket(`${relay.wsRoomsUrl}/no-such-room?key=${TEAM_KEY}`);
    expect(outcome.kind === 'refused' && outcome.status).toBe(404);
  });

  it('refuses a wrong team key as any wrong key, and counts it', async () => {
    const before = await fetchMetric(relay.url, 'relay_auth_refusals_total');
    const wrong = `${TEAM_KEY}x`;
    const upgrade = await openRawSocket(`${relay.wsRoomsUrl}/${room.id}?key=${wrong}`);
    expect(upgrade.kind === 'refused' && upgrade.status).toBe(403);
    expect((await postEvent(relay.url, room.id, wrong)).status).toBe(403);
    expect(await fetchMetric(relay.url, 'relay_auth_refusals_total')).toBe(before + 2);
  });

  it('never reaches the logs or the data folder', async () => {
    // A team-key connection is logged (info level) like any other: without the key.
    await waitFor(() => relay.output().includes('connection-open'), 'a logged connection');
    expect(relay.output()).not.toContain(TEAM_KEY);
    const files = readdirSync(relay.dataDir).map((name) => readFileSync(join(relay.dataDir, name)));
    expect(files.some((content) => content.includes(TEAM_KEY))).toBe(false);
  });
});

describe('a relay without a team key', () => {
  it('refuses the key another relay’s team uses, on the websocket and the events API', async () => {
    const plain = await spawnRelay();
    try {
      const other = await createTestRoom(plain.url);
      const upgrade = await openRawSocket(`${plain.wsRoomsUrl}/${other.id}?key=${TEAM_KEY}`);
      expect(upgrade.kind === 'refused' && upgrade.status).toBe(403);
      expect((await postEvent(plain.url, other.id, TEAM_KEY)).status).toBe(403);
    } finally {
      await plain.stop();
    }
  });
});

describe('a relay with a creation token and a team key', () => {
  it('creates rooms for the team key too, and for no other token', async () => {
    const guarded = await spawnRelay({
      creationToken: 'creation-token-for-tests',
      args: ['--team-key', TEAM_KEY],
    });
    try {
      await expect(
        createTestRoom(guarded.url, { creationToken: TEAM_KEY }),
      ).resolves.toHaveProperty('writeKey');
      await expect(
        createTestRoom(guarded.url, { creationToken: 'not-the-team-key-0000' }),
      ).rejects.toThrow(/403/);
    } finally {
      await guarded.stop();
    }
  });
});

describe('rotating the team key', () => {
  it('takes a restart with the new key: the old one is refused from then on', async () => {
    const first = await spawnRelay({ args: ['--team-key', TEAM_KEY] });
    const created = await createTestRoom(first.url);
    await first.stop();
    const rotated = await spawnRelay({
      dataDir: first.dataDir,
      args: ['--team-key', 'the-rotated-team-key-9876543210'],
    });
    try {
      expect((await postEvent(rotated.url, created.id, TEAM_KEY)).status).toBe(403);
      const upgrade = await openRawSocket(
        `${rotated.wsRoomsUrl}/${created.id}?key=the-rotated-team-key-9876543210`,
      );
      expect(upgrade.kind).toBe('open');
      if (upgrade.kind === 'open') upgrade.socket.ws.close();
    } finally {
      await rotated.stop();
    }
  });
});
