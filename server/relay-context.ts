import type { AlertIntakeState } from './alerts/alert-intake-state';
import type { RelayConfig } from './config';
import type { RelayLogger } from './logging/logger';
import type { RelayMetrics } from './metrics/relay-metrics';
import type { RoomRegistry } from './rooms/room-registry';
import type { StatusPages } from './status-pages/status-pages-file';
import type { RelayStore } from './storage/relay-store';

/** What the HTTP routes and the upgrade handler share; built once by `startRelay`. */
export interface RelayContext {
  readonly config: RelayConfig;
  readonly store: RelayStore;
  readonly registry: RoomRegistry;
  readonly metrics: RelayMetrics;
  readonly logger: RelayLogger;
  readonly startedAt: number;
  readonly openConnections: () => number;
  /** Alert sources, routing rules and the intake's tables (`POST /hooks/<source-id>`). */
  readonly alerts: AlertIntakeState;
  /** The public status pages of `--status-pages` (`GET /status/<page>`); none without it. */
  readonly statusPages: StatusPages;
}
