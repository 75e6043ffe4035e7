import type { RoomRecord } from '../storage/relay-store';
import type { NormalizedAlert } from './normalized-alert';
import type { UnroutedAlert } from './alert-store';

/**
 * The alert intake's storage as the intake sees it: the embedded relay's SQLite tables
 * (`AlertStore`, answered synchronously) or PostgreSQL in shared mode (`PostgresAlertStore`),
 * where every relay reads and writes the same rows.
 */
export interface AlertIntakeStore {
  /** The room this source's dedupe key opened, if any. */
  findRoom(sourceId: string, dedupeKey: string): Promise<string | undefined>;
  /** Creates the room and ties it to (source, dedupe key), both or neither. */
  createAlertRoom(room: RoomRecord, sourceId: string, dedupeKey: string): Promise<void>;
  /** The delivery ids of `deliveryIds` already in a room. */
  heldDeliveries(sourceId: string, deliveryIds: readonly string[]): Promise<Set<string>>;
  /** Records unrouted alerts durably; how many were new (not retries). */
  recordUnrouted(
    sourceId: string,
    alerts: readonly { alert: NormalizedAlert; reason: string }[],
    receivedAt: number,
  ): Promise<number>;
  /** The source's unrouted alerts, newest first. */
  listUnrouted(sourceId: string, limit: number): Promise<UnroutedAlert[]>;
  /** Forgets old delivery ids at most once an hour (DELIVERY_RETENTION_MS); how many went. */
  pruneDeliveriesIfDue(now: number): Promise<number>;
  /**
   * Runs `work` holding the named groups (`source \n dedupe key`) against every other intake
   * that could write to them: in this process, and in shared mode on every relay (PostgreSQL
   * advisory locks). Two requests for the same group then cannot both open a room, and a retry
   * waits until the first request's entries are stored, then finds them.
   */
  withGroups<T>(groups: readonly string[], work: () => Promise<T>): Promise<T>;
}
