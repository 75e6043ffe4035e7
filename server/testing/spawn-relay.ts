import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { relayBundle } from './relay-bundle';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LISTENING_LINE = /^relay listening on (http:\/\/\S+)$/m;

export interface SpawnRelayOptions {
  /** Defaults to a fresh temporary folder. */
  readonly dataDir?: string;
  /** Defaults to 0 (a free port). */
  readonly port?: number;
  readonly creationToken?: string;
  /** Extra CLI flags, e.g. `['--room-unload-grace-ms', '200']`. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Defaults to `warn` so test output stays readable; `info` to see every connection. */
  readonly logLevel?: string;
  readonly startTimeoutMs?: number;
}

export interface SpawnedRelay {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `ws://127.0.0.1:PORT/rooms`: pass to `new WebsocketProvider(wsRoomsUrl, roomId, doc)`. */
  readonly wsRoomsUrl: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the relay printed on stdout and stderr so far (for failure messages). */
  output(): string;
  /** Sends a signal (default SIGTERM) and resolves with the exit code (null when killed). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL: the relay gets no chance to flush or close anything. */
  kill(): Promise<void>;
  /** Stops it (if running) and starts a new relay on the same port and data folder. */
  restart(options?: { signal?: NodeJS.Signals }): Promise<SpawnedRelay>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that throws before stopping its relay must not leave it listening.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Starts a real relay as a child process (`node dist-relay/relay.mjs`, the built relay users run;
 * one process, no npm or shell in between, so SIGKILL reaches the relay itself) and waits for its
 * URL line.
 */
export async function spawnRelay(options: SpawnRelayOptions = {}): Promise<SpawnedRelay> {
  installExitHook();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'relay-test-'));
  const args = [
    relayBundle(),
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    '--data',
    dataDir,
    '--log-level',
    options.logLevel ?? 'warn',
    ...(options.creationToken !== undefined ? ['--creation-token', options.creationToken] : []),
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    // 'close', not 'exit': it waits for stdout and stderr to end, so `output()` is complete.
    child.once('close', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  let output = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    output += chunk;
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`relay did not start within ${options.startTimeoutMs ?? 20_000} ms:\n${output}`),
      );
    }, options.startTimeoutMs ?? 20_000);
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      const match = LISTENING_LINE.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with code ${code} before listening:\n${output}`));
    });
  });
  const port = Number(new URL(url).port);

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    url,
    wsRoomsUrl: `${url.replace(/^http/, 'ws')}/rooms`,
    port,
    dataDir,
    child,
    output: () => output,
    stop,
    kill: async () => {
      await stop('SIGKILL');
    },
    restart: async (restartOptions) => {
      await stop(restartOptions?.signal ?? 'SIGTERM');
      return spawnRelay({ ...options, dataDir, port });
    },
  };
}
