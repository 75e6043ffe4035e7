import type { AlertIntakeState } from './alerts/alert-intake-state';
import type { RelayConfig } from './config';
import type { DeliveryOutbox } from './outbound/delivery-outbox';
import type { RelayLogger } from './logging/logger';
import type { RelayMetrics } from './metrics/relay-metrics';
import type { RoomDirectory } from './rooms/room-directory';
import type { RoomRegistry } from './rooms/room-registry';
import type { SharedHealth } from './relay-storage';
import type { StatusPageRows } from './status-pages/status-page-rows';
import type { StatusPages } from './status-pages/status-pages-file';

/** What the HTTP routes and the upgrade handler share; built once by `startRelay`. */
export interface RelayContext {
  readonly config: RelayConfig;
  /** Which rooms exist, their keys and the team list (SQLite, or PostgreSQL in shared mode). */
  readonly rooms: RoomDirectory;
  /** Shared mode: whether Redis and PostgreSQL answer now (/healthz); null when embedded. */
  readonly sharedHealth: (() => Promise<SharedHealth>) | null;
  readonly registry: RoomRegistry;
  readonly metrics: RelayMetrics;
  readonly logger: RelayLogger;
  readonly startedAt: number;
  readonly openConnections: () => number;
  /** Alert sources, routing rules and the intake's tables (`POST /hooks/<source-id>`). */
  readonly alerts: AlertIntakeState;
  /** The outbound outbox (`GET /outbound/deliveries`): SQLite, or PostgreSQL in shared mode. */
  readonly outbox: DeliveryOutbox;
  /** The public status pages of `--status-pages` (`GET /status/<page>`); none without it. */
  readonly statusPages: StatusPages;
  /** What those pages show, as rooms' changes are stored (SQLite, or PostgreSQL in shared mode). */
  readonly statusPageRows: StatusPageRows;
}
