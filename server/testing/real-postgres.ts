import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

/**
 * A real PostgreSQL server for one test file: Debian's server binaries (installed by .ci/run),
 * a cluster made by initdb in a temporary folder, listening on a free 127.0.0.1 port with its
 * unix socket in that folder. PostgreSQL refuses to run as root, and tests and CI run as root:
 * then every server command runs as the `postgres` user (which the package creates) through
 * `runuser`. No stand-in: what the shared-mode store is tested against is PostgreSQL itself.
 */
export interface RealPostgres {
  /** `postgres://app@127.0.0.1:PORT/postgres` (trust authentication, loopback only). */
  readonly url: string;
  readonly port: number;
  /** A new, empty database on this server; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: open connections are cut), keeping its files. */
  stop(): Promise<void>;
  /** Starts it again on the same port and files, e.g. after `stop()` in a restart test. */
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

const SUPERUSER = 'app';
const BINARIES = ['initdb', 'pg_ctl', 'postgres'] as const;

/** Clusters still running, stopped when the test process exits however it exits. */
const running = new Set<() => void>();
let exitHookInstalled = false;

/** Starts a new PostgreSQL cluster; fails with one sentence when the binaries are missing. */
export async function startRealPostgres(): Promise<RealPostgres> {
  const bin = findPostgresBinaries();
  const runAs = serverUser();
  // The postgres user must be able to reach the folder: a TMPDIR under /root would not let it.
  const dir = mkdtempSync(join(runAs ? '/tmp' : tmpdir(), 'real-postgres-'));
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const run = (tool: string, args: readonly string[]): Promise<void> =>
    runServerCommand(...commandLine(runAs, join(bin, tool), args));

  const start = (): Promise<void> =>
    run('pg_ctl', startArgs(dir, dataDir, port)).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${readLog(dir)}`);
    });
  const stopNow = (): void => {
    const stopArgs = ['-D', dataDir, '-m', 'immediate', 'stop'];
    spawnSync(...commandLine(runAs, join(bin, 'pg_ctl'), stopArgs), { stdio: 'ignore' });
  };
  installExitHook();
  try {
    // --no-sync: a test cluster need not survive a power loss while it is being made.
    const initdbArgs = ['-D', dataDir, '-A', 'trust', '-U', SUPERUSER, '-E', 'UTF8', '--locale=C'];
    await run('initdb', [...initdbArgs, '--no-sync']);
    await start();
  } catch (error) {
    stopNow();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  running.add(stopNow);

  const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    await run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    stopped = true;
  };
  return {
    url,
    port,
    async createDatabase(name) {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
    },
    stop,
    async start() {
      await start();
      stopped = false;
    },
    async destroy() {
      await stop().catch(stopNow);
      running.delete(stopNow);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `pg_ctl start`: loopback only, on `port`, its unix socket and log in the cluster's folder.
 * `fsync=off` because tests stop and kill processes, never the machine: what PostgreSQL wrote
 * is in the OS's cache either way, so a server killed mid-run still recovers from its WAL, and
 * the suite is several times faster on a busy machine. Production keeps fsync on.
 */
function startArgs(dir: string, dataDir: string, port: number): string[] {
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const log = join(dir, 'server.log');
  return ['-D', dataDir, '-l', log, '-o', serverOptions, '-w', '-t', '30', 'start'];
}

/**
 * The newest /usr/lib/postgresql/<version>/bin (where Debian puts the server programs, off the
 * PATH), or POSTGRES_BIN_DIR when set. Throws one sentence naming what is missing.
 */
export function findPostgresBinaries(): string {
  const fromEnv = process.env['POSTGRES_BIN_DIR'];
  const candidates = fromEnv
    ? [fromEnv]
    : versionsIn('/usr/lib/postgresql').map((version) => `/usr/lib/postgresql/${version}/bin`);
  for (const dir of candidates) {
    if (BINARIES.every((tool) => existsSync(join(dir, tool)))) return dir;
  }
  throw new Error(
    `PostgreSQL's server programs (${BINARIES.join(', ')}) are not installed in ${
      fromEnv ?? '/usr/lib/postgresql/<version>/bin'
    }: the shared-mode tests need them (apt-get install postgresql, as .ci/run does).`,
  );
}

function versionsIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
}

/** The `postgres` user to run the server as when we are root (PostgreSQL refuses root). */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string): number => {
    const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(
        'PostgreSQL refuses to run as root and there is no postgres user to run it as (apt-get install postgresql creates one).',
      );
    }
    return Number(result.stdout.trim());
  };
  return { uid: id('-u'), gid: id('-g') };
}

function commandLine(
  runAs: { uid: number } | null,
  program: string,
  args: readonly string[],
): [string, string[]] {
  const prefix = runAs ? ['runuser', '-u', 'postgres', '--'] : [];
  const [first, ...rest] = [...prefix, program, ...args];
  return [first!, rest];
}

/** Runs one server program to its end; rejects with its output when it fails. */
function runServerCommand(program: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${program} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8');
  } catch {
    return '(no server log)';
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that throws before destroy() must not leave a server running after the process.
  process.on('exit', () => {
    for (const stopNow of running) stopNow();
  });
}
