/**
 * The team methods on a real Host (real SQLite files, no relay: the list is given): joining from
 * the list, and a new team key moving the rooms joined with the old one, and only those.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatInvite } from '../../../shared/invite/invite-link';
import type { TeamRoomListing } from '../../../shared/protocol/relay-http';
import { Host } from '../host';
import { TeamRoomFeed } from '../team/team-room-feed';
import { TeamSettingsStore } from '../team/team-settings-store';
import { tempDir } from '../testing/test-fixtures';
import { createTeamHandlers } from './team-handlers';
import { teamRoomListing } from '../../../shared/fixtures/team-room-listing';

const RELAY = 'http://relay.test:4821';
const OLD_KEY = 'old-team-key-0123456789';
const NEW_KEY = 'new-team-key-0123456789';
const caller = { connectionId: 1 };

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const listing = (id: string): TeamRoomListing => teamRoomListing(id);

function setUp() {
  const dir = tempDir('ir-team-handlers-');
  cleanups.push(() => dir.remove());
  const host = Host.open({ dataDir: dir.path, watchNetworkMs: false, measureClock: false });
  cleanups.push(() => host.close());
  const settings = new TeamSettingsStore(dir.path);
  const feed = new TeamRoomFeed({
    settings,
    joinedRoomId: (relayUrl, roomId) => host.findRoomOnRelay(relayUrl, roomId)?.localId ?? null,
    onChanged: () => undefined,
    fetchRooms: () => Promise.resolve([listing('room-a'), listing('room-b')]),
  });
  cleanups.push(() => feed.close());
  let changes = 0;
  const handlers = createTeamHandlers({
    host,
    settings,
    feed,
    // No session is opened here: the records are what is tested.
    openAndSummarize: (localId) => ({ id: localId }) as never,
    roomsChanged: () => (changes += 1),
  });
  return { host, handlers, changes: () => changes };
}

describe('team handlers', () => {
  it('join a listed room with the team key, once, and refuse one the relay does not list', async () => {
    const { host, handlers } = setUp();
    await handlers['team.set']({ relayUrl: RELAY, key: OLD_KEY }, caller);
    const joined = await handlers['team.join']({ roomId: 'room-a' }, caller);
    expect(host.getRoom(joined.id)).toMatchObject({
      title: 'Room room-a',
      relay: { url: RELAY, roomId: 'room-a', key: OLD_KEY, writeKey: null },
    });
    expect((await handlers['team.join']({ roomId: 'room-a' }, caller)).id).toBe(joined.id);
    expect(host.listRooms()).toHaveLength(1);
    await expect(handlers['team.join']({ roomId: 'room-z' }, caller)).rejects.toThrow(
      `The team relay at ${RELAY} lists no room room-z.`,
    );
    expect(host.listRooms()).toHaveLength(1);
  });

  it('move the rooms joined with the old key to a new one, and leave rooms joined by invite alone', async () => {
    const { host, handlers, changes } = setUp();
    await handlers['team.set']({ relayUrl: RELAY, key: OLD_KEY }, caller);
    const teamJoined = await handlers['team.join']({ roomId: 'room-a' }, caller);
    const invited = host.joinRoom(
      formatInvite({ relayUrl: RELAY, roomId: 'room-b', key: 'room-b-own-key-0123' }),
    );
    // Changing only the relay's URL form keeps the key (left out) and moves nothing.
    await handlers['team.set']({ relayUrl: `${RELAY}/` }, caller);
    expect(host.getRoom(teamJoined.id).relay?.key).toBe(OLD_KEY);

    await handlers['team.set']({ relayUrl: RELAY, key: NEW_KEY }, caller);
    expect(host.getRoom(teamJoined.id).relay?.key).toBe(NEW_KEY);
    expect(host.getRoom(invited.localId).relay?.key).toBe('room-b-own-key-0123');
    expect(changes()).toBeGreaterThan(0);
  });
});
