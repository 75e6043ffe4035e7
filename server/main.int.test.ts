import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../shared/protocol/close-codes';
import { relayBundle } from './testing/relay-bundle';
import { spawnRelay } from './testing/spawn-relay';
import { createTestRoom } from './testing/create-test-room';
import { openRawSocketOrThrow } from './testing/raw-relay-socket';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

function runRelayCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [relayBundle(), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('the relay command line', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'closes sockets with ShuttingDown and exits 0 on %s',
    async (signal) => {
      const relay = await spawnRelay();
      const room = await createTestRoom(relay.url);
      const socket = await openRawSocketOrThrow(
        `${relay.wsRoomsUrl}/${room.id}?key=${room.writeKey}`,
      );
      const exitCode = await relay.stop(signal);
      expect(exitCode).toBe(0);
      expect((await socket.closed).code).toBe(CloseCode.ShuttingDown);
    },
  );

  it('takes its settings from environment variables and prints the real port', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-env-'));
    const run = runRelayCli([], {
      RELAY_DATA: dataDir,
      RELAY_PORT: '0',
      RELAY_HOST: '127.0.0.1',
      RELAY_LOG_LEVEL: 'silent',
    });
    try {
      const deadline = Date.now() + 20_000;
      while (!/relay listening on/.test(run.output().stdout) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const match = /^relay listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(run.output().stdout);
      expect(match, run.output().stderr).not.toBeNull();
      expect(Number(match?.[2])).toBeGreaterThan(0);
      expect((await fetch(`${match?.[1]}/healthz`)).status).toBe(200);
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  });

  // Every other refusal of bad settings is proved in config.test.ts.
  it('refuses an unknown flag with a message and exit code 2', async () => {
    const run = runRelayCli(['--data', '/tmp/never-created', '--colour', 'blue']);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toMatch(/colour/);
  });
});
