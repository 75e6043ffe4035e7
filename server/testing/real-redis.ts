import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * A real redis-server for one test file (Debian's, installed by .ci/run) on a free 127.0.0.1
 * port with its own data folder. The append-only file is on and fsynced on every write, so a
 * restart (`restart()`) keeps every stream entry written before it: tests of catch-up after a
 * Redis restart see the same data a production Redis with `appendonly yes` would keep (whose
 * default `appendfsync everysec` may lose the last second; docs/RELAY.md says what that means).
 */
export interface RealRedis {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM: it finishes its append-only file), keeping its folder. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts a new redis-server; fails with one sentence when the binary is missing. */
export async function startRealRedis(): Promise<RealRedis> {
  const binary = findRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'real-redis-'));
  const port = await freePort();
  installExitHook();
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    child = await launch(binary, port, dir);
  };
  const stop = async (): Promise<void> => {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `redis-server` on the PATH, or REDIS_SERVER_BIN when set. */
export function findRedisServer(): string {
  const binary = process.env['REDIS_SERVER_BIN'] ?? 'redis-server';
  if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0) return binary;
  throw new Error(
    `${binary} is not installed: the shared-mode tests need a real Redis (apt-get install redis-server, as .ci/run does).`,
  );
}

async function launch(binary: string, port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--daemonize',
      'no',
      '--logfile',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not get ready within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
  });
  return child;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that throws before destroy() must not leave a server running after the process.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}
