/**
 * Starts the real relay (server/main.ts) as a child process, by path: the host never imports
 * relay code (a lint rule), but its tests need a real relay to talk to.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RELAY_MAIN = join(REPO_ROOT, 'server', 'main.ts');
const LISTENING_LINE = /relay listening on (http:\/\/\S+)/;

export interface RelayProcess {
  url: string;
  port: number;
  dataDir: string;
  /** SIGTERM (or the given signal); resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it (if running) and starts a new one on the same port and data folder. */
  restart(signal?: NodeJS.Signals): Promise<RelayProcess>;
  output(): string;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startRelay(
  options: { dataDir?: string; port?: number } = {},
): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ir-relay-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      RELAY_MAIN,
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      '--data',
      dataDir,
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay did not start in 20 s:\n${output}`));
    }, 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = LISTENING_LINE.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`relay exited before listening:\n${output}`));
    });
  });
  const port = Number(/:(\d+)$/.exec(url)?.[1]);
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    port,
    dataDir,
    stop,
    output: () => output,
    restart: async (signal) => {
      await stop(signal);
      return startRelayOnPort(dataDir, port);
    },
  };
}

/** The port may still be in TIME_WAIT-free use for a moment after a kill: retry briefly. */
async function startRelayOnPort(dataDir: string, port: number): Promise<RelayProcess> {
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    try {
      return await startRelay({ dataDir, port });
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
