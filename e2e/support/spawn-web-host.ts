import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The line web mode prints once it listens; tests and people read the URL from it. */
export const WEB_READY_PATTERN =
  /incident-room web: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/;

export interface WebHost {
  readonly url: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** Graceful stop (SIGTERM): the host flushes and exits. */
  stop(): Promise<void>;
  /** Crash (SIGKILL): nothing gets to flush. */
  kill(): Promise<void>;
  output(): string;
}

export interface WebHostOptions {
  dataDir: string;
  relayUrl?: string;
  /** The relay's team key, passed in INCIDENT_ROOM_TEAM_KEY (kept out of the process list). */
  teamKey?: string;
  name?: string;
  port?: number;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `electron/web/main.ts` as a real child process with its own data folder. */
export async function spawnWebHost(options: WebHostOptions): Promise<WebHost> {
  const args = ['--import', 'tsx', 'electron/web/main.ts', '--port', String(options.port ?? 0)];
  args.push('--data', options.dataDir, '--no-build');
  if (options.relayUrl) args.push('--relay', options.relayUrl);
  if (options.name) args.push('--name', options.name);
  const env = { ...process.env };
  if (options.teamKey) env.INCIDENT_ROOM_TEAM_KEY = options.teamKey;
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web host did not start in time:\n${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = WEB_READY_PATTERN.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`web host exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return {
    url,
    dataDir: options.dataDir,
    process: child,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await waitForExit(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await waitForExit(child);
    },
  };
}
