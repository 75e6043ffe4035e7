/**
 * Scenario 2, capacity and memory: the server's RSS before and after holding R idle small rooms
 * (one client and one entry each), then after K more idle connections spread over those rooms.
 */
import { sleep, startLoadProcess } from '../lib/child';
import {
  SERVER_KINDS,
  startServer,
  type BenchServer,
  type RoomTarget,
  type ServerKind,
} from '../lib/servers';
import { median } from '../lib/stats';
import type { CapacityLoadRequest, CapacityStepResult } from './capacity-load';
import { rotated } from './fanout';

export interface CapacityConfig {
  rooms: number;
  extraConnections: number;
  rounds: number;
}

export interface CapacityRun {
  kind: ServerKind;
  round: number;
  baselineMiB: number;
  roomsHeld: number;
  connectionsHeld: number;
  /** RSS growth per idle room with its one client, kB. */
  kBPerRoom: number;
  /** RSS growth per extra idle connection to a loaded room, kB. */
  kBPerConnection: number;
  peakMiB: number;
}

/** RSS sampled several times, median: one sample can land mid-GC. */
async function steadyRss(server: BenchServer): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    samples.push(server.rssBytes());
    await sleep(200);
  }
  return median(samples);
}

export async function runCapacity(
  config: CapacityConfig,
  log: (line: string) => void,
): Promise<CapacityRun[]> {
  const runs: CapacityRun[] = [];
  for (let round = 0; round < config.rounds; round += 1) {
    for (const kind of rotated(SERVER_KINDS, round)) {
      const server = await startServer(kind);
      const load = startLoadProcess(new URL('./capacity-load.ts', import.meta.url));
      try {
        const targets: RoomTarget[] = [];
        for (let r = 0; r < config.rooms; r += 1)
          targets.push(await server.room(`cap-${round}-${r}`));
        const extra = Array.from(
          { length: config.extraConnections },
          (_, i) => targets[i % targets.length] as RoomTarget,
        );
        await sleep(1_000);
        const baseline = await steadyRss(server);
        const rooms = await load.request<CapacityStepResult>(
          { type: 'open-rooms', targets } satisfies CapacityLoadRequest,
          300_000,
        );
        await sleep(1_500);
        const withRooms = await steadyRss(server);
        const connections = await load.request<CapacityStepResult>(
          { type: 'add-connections', targets: extra } satisfies CapacityLoadRequest,
          300_000,
        );
        await sleep(1_500);
        const withConnections = await steadyRss(server);
        await load.request({ type: 'close' } satisfies CapacityLoadRequest);
        const run: CapacityRun = {
          kind,
          round,
          baselineMiB: baseline / 2 ** 20,
          roomsHeld: rooms.synced,
          connectionsHeld: rooms.synced + connections.synced,
          kBPerRoom: (withRooms - baseline) / 1024 / Math.max(1, rooms.synced),
          kBPerConnection: (withConnections - withRooms) / 1024 / Math.max(1, connections.synced),
          peakMiB: withConnections / 2 ** 20,
        };
        runs.push(run);
        log(
          `capacity ${kind} round ${round}: ${run.roomsHeld} rooms, ${run.connectionsHeld} connections, ` +
            `${run.kBPerRoom.toFixed(1)} kB/room, ${run.kBPerConnection.toFixed(1)} kB/connection`,
        );
      } finally {
        await load.stop();
        await server.stop();
      }
    }
  }
  return runs;
}
