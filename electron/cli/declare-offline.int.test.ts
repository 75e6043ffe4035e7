/**
 * `incident-room declare --data DIR` with the relay away: the room is made in the data folder and
 * reaches the relay once it is back, as one room however often `declare` is retried.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseInvite } from '../../shared/invite/invite-link';
import type { TeamRoomListing } from '../../shared/protocol/relay-http';
import { readRoom } from '../../shared/read';
import { Host } from '../host/host';
import { TeamSettingsStore } from '../host/team/team-settings-store';
import { RelayProcess } from '../host/testing/spawn-relay-process';
import { tempDir } from '../host/testing/test-fixtures';
import { loadRelayRoom } from './load-relay-room';
import { runCliCaptured as cli } from './testing/cli-harness';

const TEAM_KEY = 'cli-offline-team-key-0123456789';
let relay: RelayProcess;
let data: ReturnType<typeof tempDir>;

beforeAll(async () => {
  relay = await RelayProcess.start({ env: { RELAY_TEAM_KEY: TEAM_KEY } });
  data = tempDir('cli-declare-offline-');
});
afterAll(async () => {
  await relay.dispose();
  data.remove();
});

interface Declared {
  id: string;
  title: string;
  severity: string;
  invite: string;
  onRelay: boolean;
}

async function declareInto(dataDir: string, ...rest: string[]): Promise<Declared> {
  const result = await cli([
    'declare',
    '--relay',
    relay.url,
    '--team-key',
    TEAM_KEY,
    '--data',
    dataDir,
    '--json',
    ...rest,
  ]);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as Declared;
}

const declareHere = (...rest: string[]) => declareInto(data.path, ...rest);

async function relayRooms(): Promise<TeamRoomListing[]> {
  const response = await fetch(`${relay.url}/rooms`, {
    headers: { authorization: `Bearer ${TEAM_KEY}` },
  });
  return ((await response.json()) as { rooms: TeamRoomListing[] }).rooms;
}

function localRooms() {
  const host = Host.open({ dataDir: data.path, measureClock: false, watchNetworkMs: false });
  try {
    return host.listRooms();
  } finally {
    host.close();
  }
}

describe('declare --data with the relay away', () => {
  const incident = ['--title', 'Payments timeouts', '--severity', 'SEV1', '--service', 'payments'];
  let first: Declared;

  it('declares the room in the data folder, where the app lists it', async () => {
    await relay.stop();
    first = await declareHere(...incident);
    expect(first).toMatchObject({ title: 'Payments timeouts', severity: 'SEV1', onRelay: false });
    const rooms = localRooms();
    expect(rooms).toHaveLength(1);
    expect(rooms[0]!.relay).toMatchObject({ url: relay.url, roomId: first.id });
    // The declaration is in the local copy the app opens.
    const host = Host.open({ dataDir: data.path, measureClock: false, watchNetworkMs: false });
    try {
      const session = host.openRoom(rooms[0]!.localId);
      expect(readRoom(session.doc)).toMatchObject({
        declared: true,
        title: 'Payments timeouts',
        severity: 'SEV1',
        service: 'payments',
      });
    } finally {
      host.close();
    }
  });

  it('answers a retry while the relay is still away with the same room', async () => {
    const retry = await declareHere(...incident);
    expect(retry).toEqual(first);
    expect(localRooms()).toHaveLength(1);
  });

  it('puts the room on the relay once it is back: one room, declared, however often retried', async () => {
    await relay.resume();
    const back = await declareHere(...incident);
    expect(back).toEqual({ ...first, onRelay: true });
    const again = await declareHere(...incident);
    expect(again).toEqual(back);
    expect(localRooms()).toHaveLength(1);
    const onRelay = await relayRooms();
    expect(onRelay.map((room) => room.id)).toEqual([first.id]);
    const invite = parseInvite(first.invite);
    const doc = await loadRelayRoom(relay.url, first.id, invite.ok ? invite.invite.key : '');
    expect(readRoom(doc)).toMatchObject({ declared: true, title: 'Payments timeouts' });
    expect(readRoom(doc).createdBy?.name).toBe('incident-room CLI');
  });

  it('makes a new room for another incident, on the relay at once when it is there', async () => {
    const other = await declareHere('--title', 'Search degraded', '--severity', 'SEV3');
    expect(other.onRelay).toBe(true);
    expect(other.id).not.toBe(first.id);
    expect((await relayRooms()).map((room) => room.id).sort()).toEqual([first.id, other.id].sort());
    expect(localRooms()).toHaveLength(2);
  });
});

describe('a room declared with the relay away, opened by the app once the relay is back', () => {
  it('is put on the relay by the app itself: one room, and a later declare finds it there', async () => {
    const appData = tempDir('cli-declare-offline-app-');
    try {
      await relay.stop();
      const incident = ['--title', 'Queue backlog in eu-west', '--severity', 'SEV2'];
      const room = await declareInto(appData.path, ...incident);
      expect(room.onRelay).toBe(false);
      await relay.resume();

      // The app, with this relay's team key in its settings, opens the room before any declare
      // has put it on the relay: it creates the room there itself and goes live.
      new TeamSettingsStore(appData.path).set(relay.url, TEAM_KEY);
      const host = Host.open({ dataDir: appData.path, measureClock: false, watchNetworkMs: false });
      try {
        const [record] = host.listRooms();
        const session = host.openRoom(record!.localId);
        await session.whenAllConfirmed(20_000);
      } finally {
        host.close();
      }
      // The relay's room list reads a room's title from its document shortly after it is stored.
      await vi.waitFor(
        async () => {
          const listed = (await relayRooms()).filter((r) => r.title === 'Queue backlog in eu-west');
          expect(listed.map((r) => r.id)).toEqual([room.id]);
        },
        { timeout: 5_000, interval: 100 },
      );

      const retry = await declareInto(appData.path, ...incident);
      expect(retry).toEqual({ ...room, onRelay: true });
      expect(
        (await relayRooms()).filter((r) => r.title === 'Queue backlog in eu-west'),
      ).toHaveLength(1);
    } finally {
      appData.remove();
    }
  });
});
