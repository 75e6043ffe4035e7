import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TeamSettingsStore } from './team-settings-store';

const KEY = 'team-key-0123456789abcdef';

describe('TeamSettingsStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ir-team-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the relay and key in team.json, owner-only, across a restart', () => {
    const store = new TeamSettingsStore(dir);
    expect(store.get()).toBeNull();
    store.set('ws://127.0.0.1:4821/', KEY);
    const path = join(dir, 'team.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = new TeamSettingsStore(dir);
    expect(again.get()).toEqual({ relayUrl: 'http://127.0.0.1:4821', key: KEY });
    expect(again.settings()).toEqual({
      relayUrl: 'http://127.0.0.1:4821',
      maskedKey: '••••••••cdef',
    });
    expect(JSON.stringify(again.settings())).not.toContain(KEY);
  });

  it('saves a key given at start over the stored one, and clears with null', () => {
    new TeamSettingsStore(dir).set('http://old.test:1', 'old-key-123456789');
    const store = new TeamSettingsStore(dir, { relayUrl: 'http://new.test:2', key: KEY });
    expect(new TeamSettingsStore(dir).get()).toEqual({ relayUrl: 'http://new.test:2', key: KEY });
    store.set(null, null);
    expect(new TeamSettingsStore(dir).get()).toBeNull();
    expect(readFileSync(join(dir, 'team.json'), 'utf8')).not.toContain(KEY);
  });

  it('refuses a malformed relay or key and keeps what it had', () => {
    const store = new TeamSettingsStore(dir);
    store.set('http://relay.test:1', KEY);
    expect(() => store.set('ftp://relay.test', KEY)).toThrow(/Not a relay address/);
    expect(() => store.set('http://relay.test:1', 'key with spaces')).toThrow(
      /team key is 8 to 256/,
    );
    expect(new TeamSettingsStore(dir).get()).toEqual({ relayUrl: 'http://relay.test:1', key: KEY });
  });

  it('treats a damaged file as no team (the person types the key again)', () => {
    writeFileSync(join(dir, 'team.json'), '{not json');
    expect(new TeamSettingsStore(dir).get()).toBeNull();
  });
});
