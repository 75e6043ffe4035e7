import { describe, expect, it } from 'vitest';
import { parseWebArgs } from './web-args';

describe('parseWebArgs --name', () => {
  it('passes the name on, trimmed, and leaves it null when not given', () => {
    expect(parseWebArgs(['--name', '  Avery Chen '], {}).name).toBe('Avery Chen');
    expect(parseWebArgs([], {}).name).toBeNull();
  });

  it('refuses an empty or overlong name with a sentence', () => {
    expect(() => parseWebArgs(['--name', '  '], {})).toThrow(/--name " {2}" is not a name/);
    expect(() => parseWebArgs(['--name', 'x'.repeat(81)], {})).toThrow(/1–80 characters/);
  });
});

describe('parseWebArgs --team-key', () => {
  const key = 'team-key-0123456789';

  it('takes the key from the flag or the environment, the flag first', () => {
    const relay = ['--relay', 'http://127.0.0.1:4821'];
    expect(parseWebArgs([...relay, '--team-key', key], {}).teamKey).toBe(key);
    expect(parseWebArgs(relay, { INCIDENT_ROOM_TEAM_KEY: key }).teamKey).toBe(key);
    expect(
      parseWebArgs([...relay, '--team-key', key], { INCIDENT_ROOM_TEAM_KEY: 'other-key-1234' })
        .teamKey,
    ).toBe(key);
    expect(parseWebArgs(relay, {}).teamKey).toBeNull();
  });

  it('refuses a key without a relay, and a malformed key without repeating it', () => {
    expect(() => parseWebArgs(['--team-key', key], {})).toThrow(/--team-key needs --relay URL/);
    expect(() => parseWebArgs([], { INCIDENT_ROOM_TEAM_KEY: key })).toThrow(
      /INCIDENT_ROOM_TEAM_KEY needs --relay/,
    );
    const bad = 'short!';
    let message = '';
    try {
      parseWebArgs(['--relay', 'http://127.0.0.1:4821', '--team-key', bad], {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/--team-key is not a team key/);
    expect(message).not.toContain(bad);
  });
});
