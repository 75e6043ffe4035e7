/**
 * Scenario 1, fan-out latency: R rooms × C clients edit a timeline at a steady rate against each
 * server in turn (alternating order per round, a fresh server process per run); the load
 * generator runs in its own process.
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

interface PersistFigures {
  commitMs: number | null;
  updatesPerCommit: number | null;
}

/** Our relay's group-commit figures from its /metrics (null for the peers). */
async function persistFigures(kind: ServerKind, url: string): Promise<PersistFigures> {
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

export async function runFanout(
  config: FanoutConfig,
  log: (line: string) => void,
): Promise<FanoutRun[]> {
  const runs: FanoutRun[] = [];
  for (let round = 0; round < config.rounds; round += 1) {
    for (const kind of rotated(SERVER_KINDS, round)) {
      const server = await startServer(kind);
      const load = startLoadProcess(new URL('./fanout-load.ts', import.meta.url));
      try {
        const rooms: RoomTarget[][] = [];
        for (let r = 0; r < config.rooms; r += 1) {
          const target = await server.room(`fanout-${round}-${r}`);
          rooms.push(Array.from({ length: config.clientsPerRoom }, () => target));
        }
        const request: FanoutLoadRequest = {
          rooms,
          intervalMs: config.intervalMs,
          warmupMs: config.warmupMs,
          measureMs: config.measureMs,
          drainMs: 5_000,
          textBytes: config.textBytes,
        };
        const cpuBefore = processCpuMs(server.pid);
        const result = await load.request<FanoutLoadResult>(request, 180_000);
        const cpuMs = processCpuMs(server.pid) - cpuBefore;
        const persist = await persistFigures(kind, server.url);
        const run: FanoutRun = {
          kind,
          round,
          p50: percentile(result.deliveries, 50),
          p99: percentile(result.deliveries, 99),
          completeP99: percentile(result.editComplete, 99),
          deliveries: result.deliveries.length,
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
        await load.stop();
        await server.stop();
      }
    }
  }
  return runs;
}
