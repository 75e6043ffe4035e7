import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROOM_LIST_WRITE_DELAY_MS } from './rooms/room-list';
import { DEFAULT_COMPACTION, MERGE_FAN_IN } from './store/room-store';
import { HANDSHAKE_TIMEOUT_MS } from './sync/relay-connection';
import { TEAM_ROOMS_POLL_MS } from './team/team-room-feed';

// The README is what the next maintainer reads first; where it states a number the code
// enforces, the number must be the code's. Line breaks are folded so the wrapping does not matter.
const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

function stated(pattern: RegExp): string[] {
  const match = pattern.exec(readme);
  if (!match) throw new Error(`README.md no longer says ${String(pattern)}`);
  return match.slice(1);
}

describe('electron/host/README.md', () => {
  it('states the compaction limits of DEFAULT_COMPACTION', () => {
    const [updates, mebibytes] = stated(
      /the limits, (\d+) updates or (\d+) MiB \(`DEFAULT_COMPACTION`/,
    );
    expect(Number(updates)).toBe(DEFAULT_COMPACTION.maxUpdates);
    expect(Number(mebibytes) * 1024 * 1024).toBe(DEFAULT_COMPACTION.maxBytes);
  });

  it('states the merge group size of mergeAll', () => {
    const [group] = stated(/in groups of (\d+) updates per `Y\.mergeUpdates` call/);
    expect(Number(group)).toBe(MERGE_FAN_IN);
  });

  it('states how long the room list keeps a change time before writing it', () => {
    const [seconds] = stated(/at most every (\d+) s \(`HostOptions\.roomListWriteDelayMs`\)/);
    expect(Number(seconds) * 1000).toBe(DEFAULT_ROOM_LIST_WRITE_DELAY_MS);
  });

  it('states how often the team room list is fetched', () => {
    const [seconds] = stated(/every (\d+) s \(`TEAM_ROOMS_POLL_MS`\)/);
    expect(Number(seconds) * 1000).toBe(TEAM_ROOMS_POLL_MS);
  });

  it('states how long a websocket may take to open before the host moves on', () => {
    const [seconds] = stated(/does not open within (\d+) s \(`HANDSHAKE_TIMEOUT_MS`/);
    expect(Number(seconds) * 1000).toBe(HANDSHAKE_TIMEOUT_MS);
  });
});
