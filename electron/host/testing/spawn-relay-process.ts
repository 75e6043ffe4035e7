/**
 * Starts the real relay (its built bundle, dist-relay/relay.mjs) as a child process, by path: the host never imports
 * relay code (a lint rule), but its tests need a real relay to talk to.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// The built relay users run (scripts/build-relay.mjs; the test run builds it first): the host may
// not import relay code, so this names the file server/testing/relay-bundle.ts names.
const RELAY_BUNDLE = join(REPO_ROOT, 'dist-relay', 'relay.mjs');
const LISTENING_LINE = /relay listening on (http:\/\/\S+)/;

type RelayChild = ChildProcessByStdio<null, Readable, Readable>;

const running = new Set<RelayChild>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

interface Launched {
  child: RelayChild;
  exited: Promise<void>;
  url: string;
}

async function launch(
  dataDir: string,
  port: number,
  env: Readonly<Record<string, string>>,
  log: (chunk: string) => void,
): Promise<Launched> {
  const child = spawn(
    process.execPath,
    [RELAY_BUNDLE, '--host', '127.0.0.1', '--port', String(port), '--data', dataDir],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
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
    log(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay did not start in 60 s:\n${output}`));
    }, 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      log(chunk);
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
  return { child, exited, url };
}

/** One relay "installation": a data folder and a port, started and stopped as tests need. */
export class RelayProcess {
  private current: Launched | null = null;
  private log = '';
  private disposed = false;

  private constructor(
    readonly dataDir: string,
    private boundPort: number,
    private readonly ownsDataDir: boolean,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /**
   * `env` is added to this process's environment (e.g. the relay's test-only settings); `port`
   * is for a relay whose address must be known before it starts (0, the default: any free one).
   */
  static async start(
    options: { dataDir?: string; env?: Readonly<Record<string, string>>; port?: number } = {},
  ): Promise<RelayProcess> {
    const env = options.env ?? {};
    const port = options.port ?? 0;
    const relay = options.dataDir
      ? new RelayProcess(options.dataDir, port, false, env)
      : new RelayProcess(mkdtempSync(join(tmpdir(), 'ir-relay-')), port, true, env);
    try {
      await relay.resume();
    } catch (error) {
      await relay.dispose();
      throw error;
    }
    return relay;
  }

  /**
   * Kills it for good and removes the data folder it made. A timed-out test may still be running
   * and call `resume()` later; that must not leave a relay behind.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stop('SIGKILL');
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  get port(): number {
    return this.boundPort;
  }

  get isRunning(): boolean {
    return this.current !== null;
  }

  output(): string {
    return this.log;
  }

  /** SIGTERM by default (clean shutdown); SIGKILL to give it no chance to flush anything. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const current = this.current;
    if (current === null) return;
    this.current = null;
    if (current.child.exitCode === null && current.child.signalCode === null)
      current.child.kill(signal);
    await current.exited;
  }

  /** Starts again on the same port and data folder (retrying while the port is released). */
  async resume(): Promise<void> {
    if (this.disposed) throw new Error('this relay was disposed');
    if (this.current !== null) return;
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      try {
        const launched = await launch(this.dataDir, this.boundPort, this.env, (chunk) => {
          this.log += chunk;
        });
        if (this.disposed) {
          launched.child.kill('SIGKILL');
          throw new Error('this relay was disposed');
        }
        this.current = launched;
        this.boundPort = Number(/:(\d+)$/.exec(this.current.url)?.[1]);
        return;
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.stop(signal);
    await this.resume();
  }
}
