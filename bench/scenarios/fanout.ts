/**
 * Scenario 1, fan-out latency: R rooms × C clients edit a timeline at a steady rate against each
 * server in turn (alternating order per round, a fresh server process per run); the load
 * generator runs in its own process. Scenario 11 (cluster.ts) measures with the same code.
 */
import { startLoadProcess } from '../lib/child';
import { processCpuMs } from '../lib/machine';
import { SERVER_KINDS, startServer, type RoomTarget, type ServerKind } from '../lib/servers';
import { percentile } from '../lib/stats';
import type { FanoutLoadRequest, FanoutLoadResult } from './fanout-load';

export interface FanoutConfig {
  rooms: number;
  clientsPerRoom: number;
  intervalMs: number;
  warmupMs: number;
  measureMs: number;
  rounds: number;
  textBytes: number;
}

export interface FanoutRun {
  kind: ServerKind;
  round: number;
  p50: number;
  p99: number;
  /** p99 of edit → arrival at the last other client of the room. */
  completeP99: number;
  deliveries: number;
  deliveriesMissing: number;
  unsyncedClients: number;
  connectMs: number;
  /** Server CPU per edit made in the measuring window (includes its fan-out), ms. */
  serverCpuMsPerEdit: number;
  serverRssMiB: number;
  /** Ours only: mean time of one durable group commit (relay_persist_duration_seconds), ms. */
  persistMeanMs: number | null;
  /** Ours only: mean updates carried by one commit (relay_persist_batch_updates). */
  updatesPerCommit?: number | null;
}

export interface PersistFigures {
  commitMs: number | null;
  updatesPerCommit: number | null;
}

/** Our relay's group-commit figures from its /metrics (null for the peers). */
export async function persistFigures(kind: ServerKind, url: string): Promise<PersistFigures> {
  if (kind !== 'ours') return { commitMs: null, updatesPerCommit: null };
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string): number | null => {
    const value = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
    return value === undefined ? null : Number(value);
  };
  const seconds = read('relay_persist_duration_seconds_sum');
  const commits = read('relay_persist_duration_seconds_count');
  const updates = read('relay_persist_batch_updates_sum');
  if (seconds === null || commits === null || commits === 0) {
    return { commitMs: null, updatesPerCommit: null };
  }
  return {
    commitMs: (seconds / commits) * 1000,
    updatesPerCommit: updates === null ? null : updates / commits,
  };
}

/** Round r runs the servers in a rotated order so no server always goes first (or last). */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** What one fan-out measurement gives, whichever servers hold the rooms. */
export interface FanoutMeasurement {
  p50: number;
  p99: number;
  /** p99 of edit → arrival at the last other client of the room. */
  completeP99: number;
  deliveries: number;
  /** Deliveries of measured edits still missing 5 s (the drain) after the last edit. */
  deliveriesMissing: number;
  /** Still missing after the load's loss wait (the same as missing without one). */
  deliveriesLost: number;
  /** Deliveries that took over 5 s, and those that never came. */
  late: number;
  roomsDiverged: number;
  unsyncedClients: number;
  connectMs: number;
  editsMeasured: number;
}

export interface FanoutLoadOptions {
  /** Clients per room that write (the first of each room's targets); default all. */
  writersPerRoom?: number;
  /** How long to wait after the drain for what is still missing before calling it lost. */
  lossWaitMs?: number;
}

const LATE_MS = 5_000;
const DRAIN_MS = 5_000;

/**
 * One run of the fan-out load (its own process) against rooms already made: `rooms[r][k]` is
 * where client k of room r connects, so the servers behind them may differ per client.
 */
export async function measureFanout(
  rooms: RoomTarget[][],
  config: FanoutConfig,
  options: FanoutLoadOptions = {},
): Promise<FanoutMeasurement> {
  const load = startLoadProcess(new URL('./fanout-load.ts', import.meta.url));
  try {
    const request: FanoutLoadRequest = {
      rooms,
      intervalMs: config.intervalMs,
      warmupMs: config.warmupMs,
      measureMs: config.measureMs,
      drainMs: DRAIN_MS,
      textBytes: config.textBytes,
      ...options,
    };
    const result = await load.request<FanoutLoadResult>(
      request,
      180_000 + (options.lossWaitMs ?? 0),
    );
    return {
      p50: percentile(result.deliveries, 50),
      p99: percentile(result.deliveries, 99),
      completeP99: percentile(result.editComplete, 99),
      deliveries: result.deliveries.length,
      deliveriesMissing: result.deliveriesMissing,
      deliveriesLost: result.deliveriesLost,
      late: result.deliveries.filter((ms) => ms > LATE_MS).length + result.deliveriesLost,
      roomsDiverged: result.roomsDiverged,
      unsyncedClients: result.unsyncedClients,
      connectMs: result.connectMs,
      editsMeasured: result.editsMeasured,
    };
  } finally {
    await load.stop();
  }
}

export async function runFanout(
  config: FanoutConfig,
  log: (line: string) => void,
): Promise<FanoutRun[]> {
  const runs: FanoutRun[] = [];
  for (let round = 0; round < config.rounds; round += 1) {
    for (const kind of rotated(SERVER_KINDS, round)) {
      const server = await startServer(kind);
      try {
        const rooms: RoomTarget[][] = [];
        for (let r = 0; r < config.rooms; r += 1) {
          const target = await server.room(`fanout-${round}-${r}`);
          rooms.push(Array.from({ length: config.clientsPerRoom }, () => target));
        }
        const cpuBefore = processCpuMs(server.pid);
        const result = await measureFanout(rooms, config);
        const cpuMs = processCpuMs(server.pid) - cpuBefore;
        const persist = await persistFigures(kind, server.url);
        const run: FanoutRun = {
          kind,
          round,
          p50: result.p50,
          p99: result.p99,
          completeP99: result.completeP99,
          deliveries: result.deliveries,
          deliveriesMissing: result.deliveriesMissing,
          unsyncedClients: result.unsyncedClients,
          connectMs: result.connectMs,
          serverCpuMsPerEdit: cpuMs / Math.max(1, result.editsMeasured),
          serverRssMiB: server.rssBytes() / 2 ** 20,
          persistMeanMs: persist.commitMs,
          updatesPerCommit: persist.updatesPerCommit,
        };
        runs.push(run);
        log(
          `fanout ${kind} round ${round}: p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, ` +
            `${run.deliveries} deliveries, ${run.deliveriesMissing} missing, cpu/edit ${run.serverCpuMsPerEdit.toFixed(2)} ms` +
            (run.persistMeanMs === null
              ? ''
              : `, commit ${run.persistMeanMs.toFixed(2)} ms × ${run.updatesPerCommit?.toFixed(1) ?? '?'} updates`),
        );
      } finally {
        await server.stop();
      }
    }
  }
  return runs;
}
