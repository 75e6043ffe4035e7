import type { AlertIntakeStore } from './alert-intake-store';
import type { AlertSources } from './alert-sources-file';

/** What the alert hooks share across requests; built once by `startRelay`. */
export interface AlertIntakeState {
  readonly sources: AlertSources;
  /** SQLite (embedded) or PostgreSQL (shared mode); it also holds the groups being written. */
  readonly store: AlertIntakeStore;
}
