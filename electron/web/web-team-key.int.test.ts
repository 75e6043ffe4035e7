/**
 * Web mode's --team-key: saved in the data folder for the relay, shown to windows only masked, and
 * a key rotated between two starts moves the rooms joined with the old key.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatInvite } from '../../shared/invite/invite-link';
import { Host } from '../host/host';
import { TeamSettingsStore } from '../host/team/team-settings-store';
import { tempDir } from '../host/testing/test-fixtures';
import { startWebServer } from './web-server';

const RELAY = 'http://127.0.0.1:4821';
const OLD_KEY = 'old-team-key-0123456789';
const NEW_KEY = 'new-team-key-0123456789abcd';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('web mode --team-key', () => {
  it('saves the key for the relay and moves the rooms joined with a rotated one', async () => {
    const dir = tempDir('ir-web-team-');
    cleanups.push(() => dir.remove());
    const dataDir = join(dir.path, 'data');
    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(dataDir);
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');

    // Last week: joined from the team list with the old key; another room by its own invite.
    new TeamSettingsStore(dataDir).set(RELAY, OLD_KEY);
    const before = Host.open({ dataDir, watchNetworkMs: false });
    const teamJoined = before.joinRoom(
      formatInvite({ relayUrl: RELAY, roomId: 'room-a', key: OLD_KEY }),
    );
    const invited = before.joinRoom(
      formatInvite({ relayUrl: RELAY, roomId: 'room-b', key: 'room-b-own-key-0123' }),
    );
    before.close();

    const web = await startWebServer({
      port: 0,
      dataDir,
      rendererDir,
      relayUrl: RELAY,
      teamKey: NEW_KEY,
      name: 'Ada',
      version: '0.0.0-test',
    });
    await web.close();

    expect(new TeamSettingsStore(dataDir).get()).toEqual({ relayUrl: RELAY, key: NEW_KEY });
    const after = Host.open({ dataDir, watchNetworkMs: false });
    cleanups.push(() => after.close());
    expect(after.getRoom(teamJoined.localId).relay?.key).toBe(NEW_KEY);
    expect(after.getRoom(invited.localId).relay?.key).toBe('room-b-own-key-0123');
  });
});
