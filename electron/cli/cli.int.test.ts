/**
 * The `incident-room` CLI against a real relay process and real data folders.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareIncident } from '../../shared/ops';
import { readRoom } from '../../shared/read';
import { Host } from '../host/host';
import { RelayProcess } from '../host/testing/spawn-relay-process';
import { tempDir } from '../host/testing/test-fixtures';
import { loadRelayRoom } from './load-relay-room';
import { createFilledRelayRoom, runCliCaptured } from './testing/cli-harness';
import type { RelayRoom } from './testing/cli-harness';

const bin = fileURLToPath(new URL('../../bin/incident-room.mjs', import.meta.url));
const run = promisify(execFile);

let relay: RelayProcess;
let room: RelayRoom;
const cli = runCliCaptured;

beforeAll(async () => {
  relay = await RelayProcess.start();
  room = await createFilledRelayRoom(relay, (doc) => {
    declareIncident(
      doc,
      { actor: { id: 'ic', name: 'Dana' }, now: () => Date.parse('2024-12-11T14:40:00Z') },
      { title: 'payments-api elevated errors', severity: 'SEV2' },
    );
  });
});

afterAll(async () => {
  await relay.stop();
});

/** `incident-room log` against this file's room with `key`, then any further arguments. */
function logTo(key: string, ...rest: string[]): string[] {
  return ['log', '--relay', relay.url, '--room', room.id, '--key', key, ...rest];
}

describe('incident-room log', () => {
  it('logs an entry and a milestone through the relay, from the real executable', async () => {
    const { stdout } = await run(process.execPath, [
      bin,
      ...logTo(room.writeKey),
      '--kind',
      'action',
      '--at',
      '2024-12-11T14:47:00Z',
      '--milestone',
      'mitigated',
      'Rollback',
      'started',
      'by',
      'script',
    ]);
    expect(stdout).toMatch(/^logged \S+/);
    const doc = await loadRelayRoom(relay.url, room.id, room.readKey);
    const view = readRoom(doc);
    expect(view.timeline.map((entry) => entry.text)).toContain('Rollback started by script');
    const entry = view.timeline.find((e) => e.text === 'Rollback started by script');
    expect(entry).toMatchObject({ kind: 'action', at: '2024-12-11T14:47:00.000Z' });
    expect(view.milestones.mitigated).toBe('2024-12-11T14:47:00.000Z');
  });

  it('fails with usage (exit 2) on missing flags, bad times and no text; nothing is logged', async () => {
    const before = readRoom(await loadRelayRoom(relay.url, room.id, room.readKey)).timeline.length;
    expect((await cli(['log', '--room', room.id, 'text'])).code).toBe(2);
    const badTime = await cli(logTo(room.writeKey, '--at', 'yesterday', 'x'));
    expect(badTime.code).toBe(2);
    expect(badTime.err).toMatch(/--at "yesterday" is not a time/);
    expect((await cli(logTo(room.writeKey))).code).toBe(2);
    const after = readRoom(await loadRelayRoom(relay.url, room.id, room.readKey)).timeline.length;
    expect(after).toBe(before);
  });

  it('reports the relay refusing a read-only key or an unknown kind (exit 1)', async () => {
    const readOnly = await cli(logTo(room.readKey, 'nope'));
    expect(readOnly.code).toBe(1);
    expect(readOnly.err).toMatch(/refused the entry \(40[13]\)/);
    const badKind = await cli(logTo(room.writeKey, '--kind', 'gossip', 'x'));
    expect(badKind.code).toBe(1);
    expect(badKind.err).toMatch(/refused the entry \(400\)/);
  });

  it('passes a key that begins with a dash to the relay (one random key in 64 does)', async () => {
    // Real keys are random; a wrong dash-led key shows the value reached the relay (403, exit 1)
    // instead of being refused as a usage error (exit 2) before any request was made.
    for (const key of [
      '-nK-gh5P6vRE4xDmkQDOGxlyApY73eidask4P71W_Vg',
      '--K-gh5P6vRE4xDmkQDOGxlyApY73eidask4P71W_Vg',
    ]) {
      const dashed = await cli(logTo(key, 'x'));
      expect(dashed.err, key).toMatch(/refused the entry \(40[13]\)/);
      expect(dashed.code, key).toBe(1);
    }
  });

  it('still treats a forgotten key value as usage (exit 2), not as a key named --room', async () => {
    const forgotten = await cli(['log', '--relay', relay.url, '--key', '--room', room.id, 'x']);
    expect(forgotten.code).toBe(2);
    expect(forgotten.err).toMatch(/'--key <key>' argument missing/);
  });

  it('says clearly when the relay is unreachable', async () => {
    const result = await cli([
      'log',
      '--relay',
      'http://127.0.0.1:9',
      '--room',
      'r',
      '--key',
      'k',
      'x',
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/could not reach the relay/);
  });
});

describe('incident-room rooms', () => {
  it('lists the rooms of a data folder, and refuses a folder that does not exist', async () => {
    const data = tempDir('cli-rooms-');
    try {
      const host = Host.open({ dataDir: data.path, measureClock: false });
      const local = await host.createRoom({ title: 'Local drill' });
      const session = host.openRoom(local.localId);
      declareIncident(
        session.doc,
        { actor: { id: 'a', name: 'Ada' }, now: () => Date.now() },
        {
          title: 'Local drill',
          severity: 'SEV3',
        },
      );
      host.close();
      const listed = await cli(['rooms', '--data', data.path, '--json']);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.out)).toEqual([
        expect.objectContaining({ id: local.localId, title: 'Local drill', relay: null }),
      ]);
      const missing = await cli(['rooms', '--data', `${data.path}/nope`]);
      expect(missing.code).toBe(1);
      expect(missing.err).toMatch(/no data folder/);
    } finally {
      data.remove();
    }
  });

  it('answers an unknown command with usage and exit 2', async () => {
    const result = await cli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/unknown command "frobnicate"/);
  });
});
