import type { AlertIntakeStore } from './alerts/alert-intake-store';
import { AlertStore } from './alerts/alert-store';
import type { RelayConfig } from './config';
import type { RelayPresenceReport } from './cluster/relay-presence';
import { openSharedStorage } from './cluster/open-shared-storage';
import type { RelayLogger } from './logging/logger';
import type { RelayMetrics } from './metrics/relay-metrics';
import { sqliteDeliveryOutbox } from './outbound/delivery-outbox';
import type { OutboundStores } from './outbound/start-outbound';
import {
  FollowUpIssueStore,
  sqliteFollowUpIssues,
} from './outbound/trackers/follow-up-issue-store';
import type { RoomDirectory } from './rooms/room-directory';
import { readUnreadListings, type ListingSinks } from './rooms/room-listing-writer';
import type { RoomStorage } from './rooms/room-storage';
import { sqliteStatusPageRows, type StatusPageRows } from './status-pages/status-page-rows';
import { GroupCommit } from './storage/group-commit';
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
  readonly rooms: RoomDirectory;
  readonly storage: RoomStorage;
  readonly listingSinks: ListingSinks;
  /** The status pages' rows: in the SQLite file, or in PostgreSQL for every relay. */
  readonly statusPages: StatusPageRows;
  /** The alert intake's tables: in the SQLite file, or in PostgreSQL for every relay. */
  readonly alertStore: AlertIntakeStore;
  /** The outbox and the follow-ups' issues: in the SQLite file, or in PostgreSQL for every relay. */
  readonly outbound: OutboundStores;
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
  const statusPages = sqliteStatusPageRows(store.statusPages);
  return {
    rooms,
    storage: new SqliteRoomStorage(store, new GroupCommit(store, metrics)),
    listingSinks: { listing: rooms, statusPages },
    statusPages,
    alertStore: new AlertStore(store),
    outbound: {
      outbox: sqliteDeliveryOutbox(store.outbox),
      followUps: sqliteFollowUpIssues(new FollowUpIssueStore(store.database)),
    },
    sharedHealth: null,
    startReporting: () => undefined,
    close: () => answered(() => store.close()),
  };
}
