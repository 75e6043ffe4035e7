import type { AlertSources } from './alert-sources-file';
import type { AlertStore } from './alert-store';

/** What the alert hooks share across requests; built once by `startRelay`. */
export interface AlertIntakeState {
  readonly sources: AlertSources;
  readonly store: AlertStore;
  /**
   * `source \n deliveryId` of notifications written to a room whose update is not on disk yet:
   * a retry arriving before the group commit must not append them again.
   */
  readonly pendingDeliveries: Set<string>;
}
