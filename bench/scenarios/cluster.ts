/**
 * Scenario 11, several relays: scenario 1's fan-out load with one writer per room (the other
 * clients read), against three shared-mode relays on a real Redis and a real PostgreSQL with each
 * room's readers on relays other than its writer's, so every measured delivery crosses relays;
 * against one embedded relay (SQLite); and against the reference y-websocket server. Same rooms,
 * clients and measurement (measureFanout); order rotated per round, everything started fresh for
 * every run.
 */
import { createTestRoom } from '../../server/testing/create-test-room';
import { startSharedCluster } from '../../server/testing/shared-cluster';
import { clusterPlacement } from '../lib/cluster-placement';
import { processCpuMs } from '../lib/machine';
import {
  findProcess,
  processTreeCpuMs,
  processTreePssBytes,
  samplePeaks,
} from '../lib/process-tree';
import {
  OUR_RELAY_BENCH_ARGS,
  processRssBytes,
  removeRelayData,
  startServer,
  type RoomTarget,
} from '../lib/servers';
import {
  measureFanout,
  persistFigures,
  rotated,
  type FanoutConfig,
  type FanoutMeasurement,
  type PersistFigures,
} from './fanout';

export const CLUSTER_SYSTEMS = ['cluster', 'ours', 'reference'] as const;
export type ClusterSystem = (typeof CLUSTER_SYSTEMS)[number];

export interface ClusterConfig extends FanoutConfig {
  /** Relays of the shared-mode system. */
  relays: number;
  writersPerRoom: number;
  /** After the drain, how long a missing delivery may still come before it counts as lost. */
  lossWaitMs: number;
}

export interface ClusterRun extends FanoutMeasurement {
  system: ClusterSystem;
  round: number;
  /** CPU of the relays (or the one server) over the run, per edit made in the window, ms. */
  serverCpuMsPerEdit: number;
  /** Shared mode: CPU of Redis and of PostgreSQL (all its processes), per edit, ms. */
  storeCpuMsPerEdit: number | null;
  /** Peak RSS of each relay (or of the one server) during the run, MiB. */
  rssMiB: number[];
  /** Shared mode: peak RSS of redis-server, MiB. */
  redisRssMiB: number | null;
  /** Shared mode: peak proportional set size of PostgreSQL's processes together, MiB. */
  postgresPssMiB: number | null;
  /** Our relays: mean durable commit (SQLite, or PostgreSQL in shared mode), ms. */
  persistMeanMs: number | null;
  updatesPerCommit: number | null;
}

/** One system, running, with its rooms made: where each client goes and what to read of it. */
interface RunningSystem {
  rooms: RoomTarget[][];
  /** The relay processes (or the one server). */
  serverPids: number[];
  /** Shared mode: redis-server and PostgreSQL's postmaster. */
  stores: { redis: number; postgres: number } | null;
  /** Our relays' base URLs, for their /metrics. */
  relayUrls: string[];
  stop(): Promise<void>;
}

const MiB = 2 ** 20;

async function startCluster(config: ClusterConfig, round: number): Promise<RunningSystem> {
  const cluster = await startSharedCluster({ relays: config.relays, args: OUR_RELAY_BENCH_ARGS });
  const stop = async (): Promise<void> => {
    await cluster.destroy();
    for (const relay of cluster.relays) removeRelayData(relay);
  };
  try {
    const { relays } = cluster;
    const rooms: RoomTarget[][] = [];
    for (let r = 0; r < config.rooms; r += 1) {
      const placement = clusterPlacement(r, config.clientsPerRoom, relays.length);
      // Made through the writer's relay; the room and its key are in PostgreSQL for all of them.
      const roomId = `cluster-${round}-${r}`;
      const created = await createTestRoom(relays[placement[0]!]!.url, { id: roomId });
      rooms.push(
        placement.map((index) => ({
          kind: 'ours',
          wsUrl: relays[index]!.wsRoomsUrl,
          roomId,
          key: created.writeKey,
        })),
      );
    }
    return {
      rooms,
      serverPids: relays.map((relay) => relay.child.pid!),
      stores: {
        redis: findProcess(new RegExp(`^redis-server 127\\.0\\.0\\.1:${cluster.redis.port}$`)),
        postgres: findProcess(new RegExp(`/postgres -D \\S+ -p ${cluster.postgres.port} `)),
      },
      relayUrls: relays.map((relay) => relay.url),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startSingle(
  kind: 'ours' | 'reference',
  config: ClusterConfig,
  round: number,
): Promise<RunningSystem> {
  const server = await startServer(kind);
  try {
    const rooms: RoomTarget[][] = [];
    for (let r = 0; r < config.rooms; r += 1) {
      const target = await server.room(`cluster-${round}-${r}`);
      rooms.push(Array.from({ length: config.clientsPerRoom }, () => target));
    }
    return {
      rooms,
      serverPids: [server.pid],
      stores: null,
      relayUrls: kind === 'ours' ? [server.url] : [],
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The relays' commit figures together: the mean of each relay's mean (null when none). */
async function meanPersist(relayUrls: readonly string[]): Promise<PersistFigures> {
  const figures = await Promise.all(relayUrls.map((url) => persistFigures('ours', url)));
  const mean = (values: (number | null)[]): number | null => {
    const known = values.filter((v): v is number => v !== null);
    return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
  };
  return {
    commitMs: mean(figures.map((f) => f.commitMs)),
    updatesPerCommit: mean(figures.map((f) => f.updatesPerCommit)),
  };
}

async function measureSystem(
  system: ClusterSystem,
  running: RunningSystem,
  config: ClusterConfig,
  round: number,
): Promise<ClusterRun> {
  const { serverPids, stores } = running;
  const serverCpu = (): number => serverPids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
  const storeCpu = (): number =>
    stores ? processCpuMs(stores.redis) + processTreeCpuMs(stores.postgres) : 0;
  const peaks = samplePeaks([
    ...serverPids.map((pid) => () => processRssBytes(pid)),
    ...(stores
      ? [() => processRssBytes(stores.redis), () => processTreePssBytes(stores.postgres)]
      : []),
  ]);
  const cpuBefore = [serverCpu(), storeCpu()] as const;
  let measured: FanoutMeasurement;
  let peakBytes: number[];
  try {
    measured = await measureFanout(running.rooms, config, {
      writersPerRoom: config.writersPerRoom,
      lossWaitMs: config.lossWaitMs,
    });
  } finally {
    // Stopped either way: a sampler left running would read /proc of stopped processes.
    peakBytes = peaks.stop();
  }
  const edits = Math.max(1, measured.editsMeasured);
  const persist = await meanPersist(running.relayUrls);
  return {
    ...measured,
    system,
    round,
    serverCpuMsPerEdit: (serverCpu() - cpuBefore[0]) / edits,
    storeCpuMsPerEdit: stores ? (storeCpu() - cpuBefore[1]) / edits : null,
    rssMiB: peakBytes.slice(0, serverPids.length).map((bytes) => bytes / MiB),
    redisRssMiB: stores ? peakBytes[serverPids.length]! / MiB : null,
    postgresPssMiB: stores ? peakBytes[serverPids.length + 1]! / MiB : null,
    persistMeanMs: persist.commitMs,
    updatesPerCommit: persist.updatesPerCommit,
  };
}

function describeRun(run: ClusterRun): string {
  return (
    `cluster ${run.system} round ${run.round}: p50 ${run.p50.toFixed(1)} ms, ` +
    `p99 ${run.p99.toFixed(1)} ms, ${run.deliveries} deliveries, late ${run.late}, ` +
    `lost ${run.deliveriesLost}, diverged ${run.roomsDiverged}, ` +
    `cpu/edit ${run.serverCpuMsPerEdit.toFixed(2)} ms` +
    (run.storeCpuMsPerEdit === null ? '' : ` + stores ${run.storeCpuMsPerEdit.toFixed(2)} ms`) +
    `, RSS ${run.rssMiB.map((mib) => mib.toFixed(0)).join('/')} MiB` +
    (run.persistMeanMs === null ? '' : `, commit ${run.persistMeanMs.toFixed(2)} ms`)
  );
}

export async function runCluster(
  config: ClusterConfig,
  log: (line: string) => void,
): Promise<ClusterRun[]> {
  const runs: ClusterRun[] = [];
  for (let round = 0; round < config.rounds; round += 1) {
    for (const system of rotated(CLUSTER_SYSTEMS, round)) {
      const running =
        system === 'cluster'
          ? await startCluster(config, round)
          : await startSingle(system, config, round);
      try {
        const run = await measureSystem(system, running, config, round);
        runs.push(run);
        log(describeRun(run));
      } finally {
        await running.stop();
      }
    }
  }
  return runs;
}
