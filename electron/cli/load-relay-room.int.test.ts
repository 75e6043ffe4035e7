/**
 * `incident-room export --relay` against a relay of another protocol version refuses with the
 * sentence the app shows and exit code 1, tried both ways against real relay processes.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAY_PROTOCOL_VERSION_ENV } from '../../shared/protocol/protocol-version';
import {
  NEWER_PROTOCOL as NEWER,
  RELAY_IS_OLDER,
  UPDATE_THE_APP,
  createRoomDirectly,
  type RoomOnRelay,
} from '../host/testing/protocol-mismatch';
import { RelayProcess } from '../host/testing/spawn-relay-process';
import { INTEGRATION_TIMEOUT_MS, tempDir } from '../host/testing/test-fixtures';
import { CliError } from './cli-error';
import { loadRelayRoom } from './load-relay-room';

const bin = fileURLToPath(new URL('../../bin/incident-room.mjs', import.meta.url));
const run = promisify(execFile);

/** Skips the /healthz check, so the relay's own ProtocolMismatch close is what refuses. */
const relayDecides = { readRelayProtocol: () => Promise.resolve(null) };

describe('export from a relay newer than the CLI', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  let relay: RelayProcess;
  let room: RoomOnRelay;
  beforeAll(async () => {
    relay = await RelayProcess.start({ env: { [RELAY_PROTOCOL_VERSION_ENV]: String(NEWER) } });
    room = await createRoomDirectly(relay.url);
  });
  afterAll(() => relay.dispose());

  it('the real executable prints the refusal, exits 1 and writes nothing', async () => {
    const out = tempDir('protocol-export-');
    try {
      const file = join(out.path, 'room.json');
      const args = ['export', '--format', 'json', '--relay', relay.url, '--room', room.id];
      const running = run(process.execPath, [bin, ...args, '--key', room.readKey, '--out', file]);
      const failed = await running.then(
        () => null,
        (error: unknown) => error as { code: number; stderr: string },
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain(UPDATE_THE_APP);
      expect(existsSync(file)).toBe(false);
    } finally {
      out.remove();
    }
  });

  it('refuses on the relay’s ProtocolMismatch close too', async () => {
    const loading = loadRelayRoom(relay.url, room.id, room.readKey, relayDecides);
    await expect(loading).rejects.toThrow(CliError);
    await expect(loading).rejects.toThrow(UPDATE_THE_APP);
  });
});

describe('export from a relay older than the CLI', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  let relay: RelayProcess;
  let room: RoomOnRelay;
  beforeAll(async () => {
    relay = await RelayProcess.start();
    room = await createRoomDirectly(relay.url);
  });
  afterAll(() => relay.dispose());

  it('refuses on the relay’s /healthz', async () => {
    const loading = loadRelayRoom(relay.url, room.id, room.readKey, { protocolVersion: NEWER });
    await expect(loading).rejects.toThrow(RELAY_IS_OLDER);
  });

  it('refuses on the relay’s ProtocolMismatch close', async () => {
    const loading = loadRelayRoom(relay.url, room.id, room.readKey, {
      protocolVersion: NEWER,
      ...relayDecides,
    });
    await expect(loading).rejects.toThrow(CliError);
    await expect(loading).rejects.toThrow(RELAY_IS_OLDER);
  });
});
