import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { killOnExit } from './child';
import { createTestRoom } from '../../server/testing/create-test-room';
import { spawnRelay, type SpawnedRelay } from '../../server/testing/spawn-relay';

export const SERVER_KINDS = ['ours', 'reference', 'hocuspocus'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** What a load generator needs to reach one room on one server. */
export interface RoomTarget {
  kind: ServerKind;
  /** ws:// base the client library takes (the room id is appended by y-websocket, named for Hocuspocus). */
  wsUrl: string;
  roomId: string;
  /** Our relay's write key; the peers have no keys. */
  key?: string;
}

export interface BenchServer {
  readonly kind: ServerKind;
  readonly url: string;
  readonly pid: number;
  /** Creates (ours: POST /rooms) or names (peers: rooms exist on first use) a room. */
  room(roomId: string): Promise<RoomTarget>;
  /** Resident set size of the server process, from /proc. */
  rssBytes(): number;
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PEER_LISTENING = /^peer listening on (http:\/\/\S+)$/m;

/**
 * Flags that lift limits meant for people, not for one load generator on one address: every
 * bench client comes from 127.0.0.1, and a capacity run holds more rooms than the default cap.
 * Rates, sizes, persistence and confirmation stay at their defaults.
 */
export const OUR_RELAY_BENCH_ARGS = [
  '--max-connections-per-address',
  '100000',
  '--max-loaded-rooms',
  '100000',
] as const;

export function processRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

function wsBase(url: string): string {
  return url.replace(/^http/, 'ws');
}

export function ourServer(relay: SpawnedRelay): BenchServer {
  const pid = relay.child.pid;
  if (pid === undefined) throw new Error('relay has no pid');
  return {
    kind: 'ours',
    url: relay.url,
    pid,
    room: async (roomId) => {
      const created = await createTestRoom(relay.url, { id: roomId });
      return { kind: 'ours', wsUrl: relay.wsRoomsUrl, roomId, key: created.writeKey };
    },
    rssBytes: () => processRssBytes(pid),
    stop: async () => {
      await relay.stop();
      removeRelayData(relay);
    },
  };
}

/** A bench relay's data folder is scratch: remove it once the relay has stopped. */
export function removeRelayData(relay: SpawnedRelay): void {
  rmSync(relay.dataDir, { recursive: true, force: true });
}

export async function startOurRelay(extraArgs: readonly string[] = []): Promise<SpawnedRelay> {
  // A saturated machine can take well over the test default of 15 s to start a process.
  return spawnRelay({
    args: [...OUR_RELAY_BENCH_ARGS, ...extraArgs],
    logLevel: 'warn',
    startTimeoutMs: 60_000,
  });
}

async function startPeer(kind: 'reference' | 'hocuspocus'): Promise<BenchServer> {
  const script = fileURLToPath(new URL(`../peers/${kind}-server.ts`, import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killOnExit(child);
  let output = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} did not start in 60 s:\n${output}`));
    }, 60_000);
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      const match = PEER_LISTENING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => reject(new Error(`${kind} exited before listening:\n${output}`)));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${kind} has no pid`);
  return {
    kind,
    url,
    pid,
    // The reference server names a room by its URL path, so `/rooms/<id>` works as-is;
    // Hocuspocus names documents inside its protocol and takes the bare socket URL.
    room: (roomId) =>
      Promise.resolve({
        kind,
        wsUrl: kind === 'reference' ? `${wsBase(url)}/rooms` : wsBase(url),
        roomId,
      }),
    rssBytes: () => processRssBytes(pid),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startServer(kind: ServerKind): Promise<BenchServer> {
  if (kind === 'ours') return ourServer(await startOurRelay());
  return startPeer(kind);
}
