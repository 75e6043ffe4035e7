import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RelayConfig } from '../config';
import type { RelayLogger } from '../logging/logger';
import { ClusterMetrics } from '../metrics/cluster-metrics';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { RelayStorage, SharedHealth } from '../relay-storage';
import { PostgresAlertStore } from '../storage/postgres/postgres-alert-store';
import { PostgresFollowUpIssues } from '../storage/postgres/postgres-follow-up-issues';
import { PostgresOutboxStore } from '../storage/postgres/postgres-outbox-store';
import { PostgresRoomDirectory } from '../storage/postgres/postgres-room-directory';
import { PostgresRoomStore } from '../storage/postgres/postgres-room-store';
import { PostgresStatusPageStore } from '../storage/postgres/postgres-status-page-store';
import { RelayPresence } from './relay-presence';
import { RoomFanOut } from './room-fan-out';
import { SharedRoomStorage } from './shared-room-storage';

/**
 * A relay's storage in shared mode: PostgreSQL for rooms, keys, the team list and the status
 * pages' rows; Redis for the fan-out between relays and the cluster's presence reports; the
 * shared and cluster metrics.
 */
export async function openSharedStorage(
  config: RelayConfig,
  postgresUrl: string,
  redisUrl: string,
  metrics: RelayMetrics,
  logger: RelayLogger,
): Promise<RelayStorage> {
  // Unique per process: a restarted relay is a new publisher and a new lease holder.
  const relayId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  // Redis may fail before the storage exists: the hook then has nothing to tell yet.
  let storage: SharedRoomStorage | null = null;
  const { postgres, fanOut, presence } = await connectStores(postgresUrl, redisUrl, relayId, {
    logger,
    redisFailed: () => storage?.redisFailed(),
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
  const statusPages = new PostgresStatusPageStore(postgres.pool, logger);
  logger.info({ event: 'shared-mode', relayId }, 'rooms shared through Redis and PostgreSQL');
  return {
    rooms,
    storage: shared,
    listingSinks: { listing: rooms, statusPages },
    statusPages,
    alertStore: new PostgresAlertStore(postgres),
    outbound: {
      outbox: new PostgresOutboxStore(postgres.pool),
      followUps: new PostgresFollowUpIssues(postgres.pool),
    },
    sharedHealth,
    startReporting: (report) =>
      presence.start(report, (error) =>
        logger.warn({ err: error }, 'the cluster report to Redis failed'),
      ),
    close: async () => {
      await presence.close();
      await shared.close();
      await rooms.settle();
      await statusPages.settle();
      await fanOut.close();
      await postgres.close();
    },
  };
}

/** PostgreSQL, then the fan-out's and the presence's Redis connections; all or none. */
async function connectStores(
  postgresUrl: string,
  redisUrl: string,
  relayId: string,
  hooks: { logger: RelayLogger; redisFailed: () => void },
): Promise<{ postgres: PostgresRoomStore; fanOut: RoomFanOut; presence: RelayPresence }> {
  const { logger } = hooks;
  // The URLs may carry passwords: errors are logged, the URLs never.
  const postgres = await PostgresRoomStore.open(postgresUrl, {
    onIdleError: (error) => logger.warn({ err: error }, 'a PostgreSQL connection failed'),
  });
  let fanOut: RoomFanOut | null = null;
  try {
    fanOut = await RoomFanOut.connect(redisUrl, {
      relayId,
      onError: (error) => {
        hooks.redisFailed();
        logger.warn({ err: error }, 'Redis failed; rooms are read from PostgreSQL meanwhile');
      },
    });
    const presence = await RelayPresence.connect(redisUrl, relayId, (error) =>
      logger.warn({ err: error }, 'the cluster report to Redis failed'),
    );
    return { postgres, fanOut, presence };
  } catch (error) {
    await fanOut?.close();
    await postgres.close();
    throw error;
  }
}
