import { freePort } from './free-port';
import { startRealPostgres, type RealPostgres } from './real-postgres';
import { startRealRedis, type RealRedis } from './real-redis';
import { spawnRelay, type SpawnedRelay } from './spawn-relay';

/** A team key the cluster's relays share (GET /rooms, any room with write access). */
export const CLUSTER_TEAM_KEY = 'cluster-team-key-0123456789abcdef';

/** Several real relay processes in shared mode on one real Redis and one real PostgreSQL. */
export interface SharedCluster {
  readonly redis: RealRedis;
  readonly postgres: RealPostgres;
  /** The database the relays share. */
  readonly databaseUrl: string;
  /** The running relays; `restartRelay` replaces an entry. */
  readonly relays: SpawnedRelay[];
  /** Starts relay `index` again on its port (after a kill or a stop). */
  restartRelay(index: number): Promise<SpawnedRelay>;
  destroy(): Promise<void>;
}

export interface SharedClusterOptions {
  readonly relays: number;
  /** Extra flags for every relay. */
  readonly args?: readonly string[];
}

/**
 * Starts Redis, PostgreSQL (a fresh database) and `relays` relays with `--redis`, `--postgres`,
 * the team key and `--advertise-urls` naming all of them, each on a port chosen up front.
 */
export async function startSharedCluster(options: SharedClusterOptions): Promise<SharedCluster> {
  const [redis, postgres] = await Promise.all([startRealRedis(), startRealPostgres()]);
  const databaseUrl = await postgres.createDatabase('rooms');
  const ports: number[] = [];
  for (let i = 0; i < options.relays; i += 1) ports.push(await freePort());
  const advertised = ports.map((port) => `http://127.0.0.1:${port}`).join(',');
  const start = (index: number): Promise<SpawnedRelay> =>
    spawnRelay({
      port: ports[index]!,
      args: [
        '--redis',
        redis.url,
        '--postgres',
        databaseUrl,
        '--team-key',
        CLUSTER_TEAM_KEY,
        '--advertise-urls',
        advertised,
        ...(options.args ?? []),
      ],
    });
  // Together, as a deployment starts them: the migrations take an advisory lock.
  const relays = await Promise.all(ports.map((_port, index) => start(index)));
  return {
    redis,
    postgres,
    databaseUrl,
    relays,
    restartRelay: async (index) => {
      await relays[index]!.stop('SIGKILL');
      relays[index] = await start(index);
      return relays[index];
    },
    destroy: async () => {
      await Promise.all(relays.map((relay) => relay.stop('SIGKILL')));
      await Promise.all([redis.destroy(), postgres.destroy()]);
    },
  };
}
