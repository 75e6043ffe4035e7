import type { AlertDelivery } from './relay-store';

/**
 * The transaction origin of the alert intake's writes to a room. It carries the alert
 * deliveries the transaction records, and the Room hands them to the group commit with the
 * update, so they are stored in the same SQLite transaction (see `RelayStore.appendUpdates`).
 */
export class AlertDeliveriesOrigin {
  constructor(readonly deliveries: readonly AlertDelivery[]) {}
}
