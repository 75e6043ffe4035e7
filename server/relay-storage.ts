import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RelayConfig } from './config';
import { RoomFanOut } from './cluster/room-fan-out';
import { RelayPresence, type RelayPresenceReport } from './cluster/relay-presence';
import { SharedRoomStorage } from './cluster/shared-room-storage';
import { ClusterMetrics } from './metrics/cluster-metrics';
import type { RelayLogger } from './logging/logger';
import type { RelayMetrics } from './metrics/relay-metrics';
import type { RoomDirectory } from './rooms/room-directory';
import { readUnreadListings, type ListingSinks } from './rooms/room-listing-writer';
import type { RoomStorage } from './rooms/room-storage';
import { GroupCommit } from './storage/group-commit';
import { PostgresRoomDirectory } from './storage/postgres/postgres-room-directory';
import { PostgresRoomStore } from './storage/postgres/postgres-room-store';
import { RelayStore } from './storage/relay-store';
import { answered, sqliteRoomDirectory } from './storage/sqlite-room-directory';
import { SqliteRoomStorage } from './storage/sqlite-room-storage';

/** Whether a shared-mode relay reaches its Redis and its PostgreSQL now (/healthz). */
export interface SharedHealth {
  readonly redis: boolean;
  readonly postgres: boolean;
}

/** Where one relay keeps its rooms: its SQLite file, or PostgreSQL and Redis (shared mode). */
export interface RelayStorage {
  /** The SQLite file (alert intake, status pages and the outbox live there); null when shared. */
  readonly embedded: RelayStore | null;
  readonly rooms: RoomDirectory;
  readonly storage: RoomStorage;
  readonly listingSinks: ListingSinks;
  /** Shared mode: asks Redis and PostgreSQL; null for the embedded relay. */
  readonly sharedHealth: (() => Promise<SharedHealth>) | null;
  /**
   * Shared mode: reports this relay's connections and rooms to the cluster every few seconds
   * (the cluster gauges of /metrics); the embedded relay has no cluster and ignores it.
   */
  startReporting(report: () => RelayPresenceReport): void;
  /** After every room unloaded: closes the file or the connections. */
  close(): Promise<void>;
}

/** Opens the storage the configuration names: shared with `--redis`/`--postgres`, else SQLite. */
export function openRelayStorage(
  config: RelayConfig,
  metrics: RelayMetrics,
  logger: RelayLogger,
): Promise<RelayStorage> {
  if (config.postgresUrl !== null && config.redisUrl !== null) {
    return openSharedStorage(config, config.postgresUrl, config.redisUrl, metrics, logger);
  }
  if (config.dataDir === null) throw new Error('an embedded relay needs its data folder');
  return Promise.resolve(openEmbeddedStorage(config.dataDir, metrics, logger));
}

function openEmbeddedStorage(
  dataDir: string,
  metrics: RelayMetrics,
  logger: RelayLogger,
): RelayStorage {
  const store = RelayStore.open(dataDir);
  readUnreadListings(store, logger);
  const rooms = sqliteRoomDirectory(store);
  return {
    embedded: store,
    rooms,
    storage: new SqliteRoomStorage(store, new GroupCommit(store, metrics)),
    listingSinks: { listing: rooms, statusPages: store.statusPages },
    sharedHealth: null,
    startReporting: () => undefined,
    close: () => answered(() => store.close()),
  };
}

async function openSharedStorage(
  config: RelayConfig,
  postgresUrl: string,
  redisUrl: string,
  metrics: RelayMetrics,
  logger: RelayLogger,
): Promise<RelayStorage> {
  // Unique per process: a restarted relay is a new publisher and a new lease holder.
  const relayId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  // The URLs may carry passwords: errors are logged, the URLs never.
  const postgres = await PostgresRoomStore.open(postgresUrl, {
    onIdleError: (error) => logger.warn({ err: error }, 'a PostgreSQL connection failed'),
  });
  let storage: SharedRoomStorage | null = null;
  let fanOut: RoomFanOut;
  try {
    fanOut = await RoomFanOut.connect(redisUrl, {
      relayId,
      onError: (error) => {
        storage?.redisFailed();
        logger.warn({ err: error }, 'Redis failed; rooms are read from PostgreSQL meanwhile');
      },
    });
  } catch (error) {
    await postgres.close();
    throw error;
  }
  const presence = await RelayPresence.connect(redisUrl, relayId, (error) =>
    logger.warn({ err: error }, 'the cluster report to Redis failed'),
  ).catch(async (error: unknown) => {
    await fanOut.close();
    await postgres.close();
    throw error;
  });
  const sharedHealth = async (): Promise<SharedHealth> => {
    const [redis, reachable] = await Promise.all([fanOut.reachable(), postgres.reachable()]);
    return { redis, postgres: reachable };
  };
  const clusterMetrics = new ClusterMetrics(metrics.registry, {
    storesUp: sharedHealth,
    presence: () => presence.read(),
    roomsStored: () => postgres.countRooms(),
  });
  storage = new SharedRoomStorage({
    relayId,
    postgres,
    fanOut,
    compaction: config,
    counters: {
      published: () => clusterMetrics.published.inc(),
      publishFailed: () => clusterMetrics.publishFailures.inc(),
      catchUpRead: () => clusterMetrics.catchUpReads.inc(),
    },
    observeBatch: (updates, seconds) => {
      metrics.persistSeconds.observe(seconds);
      metrics.persistBatchUpdates.observe(updates);
    },
    onError: (error, what) => logger.error({ err: error, event: 'shared-storage' }, what),
  });
  const shared = storage;
  const rooms = new PostgresRoomDirectory(postgres, logger);
  logger.info({ event: 'shared-mode', relayId }, 'rooms shared through Redis and PostgreSQL');
  return {
    embedded: null,
    rooms,
    storage: shared,
    listingSinks: { listing: rooms, statusPages: null },
    sharedHealth,
    startReporting: (report) =>
      presence.start(report, (error) =>
        logger.warn({ err: error }, 'the cluster report to Redis failed'),
      ),
    close: async () => {
      await presence.close();
      await shared.close();
      await rooms.settle();
      await fanOut.close();
      await postgres.close();
    },
  };
}
