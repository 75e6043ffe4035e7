import { describe, expect, it, vi } from 'vitest';
import type { TeamRoomListing } from '../../../shared/protocol/relay-http';
import { TeamListError, teamListRefusal } from './fetch-team-rooms';
import { TeamRoomFeed } from './team-room-feed';
import type { TeamConfig, TeamSettingsStore } from './team-settings-store';
import { maskTeamKey } from './team-settings-store';
import { teamRoomListing } from '../../../shared/fixtures/team-room-listing';

const KEY = 'team-key-0123456789abcdef';

function listing(id: string, patch: Partial<TeamRoomListing> = {}): TeamRoomListing {
  return teamRoomListing(id, { createdAt: 1_000, lastActivityAt: 2_000, ...patch });
}

/** Settings held in memory: the feed only reads them. */
function settingsHolding(config: TeamConfig | null): TeamSettingsStore {
  return { get: () => config } as unknown as TeamSettingsStore;
}

function feedAnswering(answers: Array<TeamRoomListing[] | Error>) {
  let changes = 0;
  const keysSent: string[] = [];
  const announced: string[][] = [];
  const feed = new TeamRoomFeed({
    onNewAlertRooms: (rooms) => announced.push(rooms.map((room) => room.id)),
    settings: settingsHolding({ relayUrl: 'http://relay.test', key: KEY }),
    joinedRoomId: (_relay, roomId) => (roomId === 'joined' ? 'local-1' : null),
    onChanged: () => (changes += 1),
    fetchRooms: (_relay, key) => {
      keysSent.push(key);
      const next = answers.shift();
      if (next === undefined) throw new Error('no answer left');
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  });
  return { feed, changes: () => changes, keysSent, announced };
}

describe('TeamRoomFeed', () => {
  it('is unconfigured without settings and fetches nothing', async () => {
    const feed = new TeamRoomFeed({
      settings: settingsHolding(null),
      joinedRoomId: () => null,
      onChanged: () => undefined,
      fetchRooms: () => Promise.reject(new Error('must not be called')),
    });
    await feed.refresh();
    expect(feed.view()).toEqual({
      configured: false,
      relayUrl: null,
      rooms: [],
      error: null,
      fetchedAt: null,
    });
  });

  it('lists what the relay answered with the local id of rooms already joined', async () => {
    const { feed, keysSent } = feedAnswering([[listing('joined'), listing('new')]]);
    await feed.refresh();
    const view = feed.view();
    expect(view.configured).toBe(true);
    expect(view.relayUrl).toBe('http://relay.test');
    expect(view.rooms.map((room) => [room.id, room.joinedRoomId])).toEqual([
      ['joined', 'local-1'],
      ['new', null],
    ]);
    expect(keysSent).toEqual([KEY]);
    // The view goes to windows: it never carries the key.
    expect(JSON.stringify(view)).not.toContain(KEY);
  });

  it('tells windows only when the list or its error changed, and keeps the last good list on failure', async () => {
    const refused = teamListRefusal('http://relay.test', 401);
    const { feed, changes } = feedAnswering([
      [listing('a')],
      [listing('a')],
      refused,
      [listing('a'), listing('b')],
    ]);
    await feed.refresh();
    expect(changes()).toBe(1);
    await feed.refresh();
    expect(changes()).toBe(1);
    await feed.refresh();
    expect(changes()).toBe(2);
    expect(feed.view().error).toBe(
      'The relay at http://relay.test refused the team key: check it in Settings.',
    );
    expect(feed.view().rooms.map((room) => room.id)).toEqual(['a']);
    await feed.refresh();
    expect(changes()).toBe(3);
    expect(feed.view().error).toBeNull();
    expect(feed.view().rooms.map((room) => room.id)).toEqual(['a', 'b']);
  });

  it('tells windows of the first answer even when the relay has no rooms yet', async () => {
    const { feed, changes } = feedAnswering([[], []]);
    await feed.refresh();
    expect(changes()).toBe(1);
    expect(feed.view().fetchedAt).not.toBeNull();
    await feed.refresh();
    expect(changes()).toBe(1);
  });

  it('announces open rooms an alert opened since the previous answer, never the first list', async () => {
    const alert = (id: string, patch: Partial<TeamRoomListing> = {}) =>
      listing(id, { source: 'alertmanager', ...patch });
    const { feed, announced } = feedAnswering([
      [alert('old')],
      teamListRefusal('http://relay.test', 503),
      [alert('old'), alert('fire'), listing('by-hand'), alert('done', { state: 'resolved' })],
      [alert('old'), alert('fire')],
    ]);
    for (let i = 0; i < 4; i += 1) await feed.refresh();
    expect(announced).toEqual([['fire']]);
  });

  it('polls every second while a window is open, and slowly once none is, still announcing', async () => {
    vi.useFakeTimers();
    try {
      const alert = (id: string) => listing(id, { source: 'alertmanager' });
      const { feed, keysSent, announced } = feedAnswering([
        [alert('old')],
        [alert('old')],
        [alert('old'), alert('fire')],
        [alert('old'), alert('fire')],
      ]);
      feed.setActive(true);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(keysSent).toHaveLength(2);
      // Every window closed: a poll every 15 s, not every second, and not none.
      feed.setActive(false);
      await vi.advanceTimersByTimeAsync(14_000);
      expect(keysSent).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(keysSent).toHaveLength(3);
      expect(announced).toEqual([['fire']]);
      // A window opens again: asked at once.
      feed.setActive(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(keysSent).toHaveLength(4);
      feed.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shares one request between callers asking at the same time', async () => {
    const { feed, keysSent } = feedAnswering([[listing('a')]]);
    await Promise.all([feed.refresh(), feed.refresh(), feed.refresh()]);
    expect(keysSent).toHaveLength(1);
  });
});

describe('team list refusals', () => {
  it('says in one sentence what to do for each refusal', () => {
    const url = 'http://relay.test';
    expect(teamListRefusal(url, 401).code).toBe('team-key-refused');
    expect(teamListRefusal(url, 403).message).toMatch(/refused the team key/);
    expect(teamListRefusal(url, 404).message).toBe(
      'The relay at http://relay.test has no team room list: it must be started with --team-key.',
    );
    const other = teamListRefusal(url, 503);
    expect(other).toBeInstanceOf(TeamListError);
    expect(other.message).toMatch(/HTTP 503/);
  });

  it('masks a key to its last four characters, and short keys entirely', () => {
    expect(maskTeamKey(KEY)).toBe('••••••••cdef');
    expect(maskTeamKey('short-key')).toBe('••••••••');
  });
});
