import type { Database, Statement } from 'better-sqlite3';
import type { RelayStore, RoomRecord } from '../storage/relay-store';
import { answered } from '../storage/sqlite-room-directory';
import type { AlertIntakeStore } from './alert-intake-store';
import { GroupLocks } from './group-locks';
import type { NormalizedAlert } from './normalized-alert';

/**
 * How long a notification's id is kept to tell a sender's retry from news. Senders retry within
 * minutes to hours (Alertmanager until its notification succeeds; PagerDuty for a few hours), so
 * two weeks is far past any retry; after it, a resend is one more entry, never a lost one.
 */
export const DELIVERY_RETENTION_MS = 14 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

/** An alert no routing rule took, as `GET /hooks/<source>/unrouted` lists it. */
export interface UnroutedAlert {
  readonly seq: number;
  readonly receivedAt: number;
  readonly reason: string;
  readonly alert: NormalizedAlert;
}

/**
 * The alert intake's tables in the relay database (migration 2): which room each (source, dedupe
 * key) opened, which notifications are already in a room, and the unrouted alerts.
 */
export class AlertStore implements AlertIntakeStore {
  private readonly db: Database;
  private readonly locks = new GroupLocks();
  private readonly selectRoom: Statement<[string, string], { room_id: string }>;
  private readonly insertAlertRoom: Statement<[string, string, string, number]>;
  private readonly selectDelivery: Statement<[string, string], { found: number }>;
  private readonly deleteDeliveries: Statement<[number]>;
  private prunedAt = Number.NEGATIVE_INFINITY;
  private readonly insertUnrouted: Statement<[string, string, string, string, number, string]>;
  private readonly selectUnrouted: Statement<
    [string, number],
    { seq: number; received_at: number; reason: string; alert: string }
  >;

  constructor(private readonly store: RelayStore) {
    const db = store.database;
    this.db = db;
    this.selectRoom = db.prepare(
      'SELECT room_id FROM alert_rooms WHERE source_id = ? AND dedupe_key = ?',
    );
    this.insertAlertRoom = db.prepare(
      'INSERT INTO alert_rooms (room_id, source_id, dedupe_key, opened_at) VALUES (?, ?, ?, ?)',
    );
    this.selectDelivery = db.prepare(
      'SELECT 1 AS found FROM alert_deliveries WHERE source_id = ? AND delivery_id = ?',
    );
    this.deleteDeliveries = db.prepare('DELETE FROM alert_deliveries WHERE received_at < ?');
    this.insertUnrouted = db.prepare(
      `INSERT OR IGNORE INTO unrouted_alerts (source_id, delivery_id, dedupe_key, reason, received_at, alert)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.selectUnrouted = db.prepare(
      `SELECT seq, received_at, reason, alert FROM unrouted_alerts
       WHERE source_id = ? ORDER BY seq DESC LIMIT ?`,
    );
  }

  /** The room this source's dedupe key opened, if any. */
  findRoom(sourceId: string, dedupeKey: string): Promise<string | undefined> {
    return answered(() => this.selectRoom.get(sourceId, dedupeKey)?.room_id);
  }

  /** One relay process: holding the groups here holds them everywhere. */
  withGroups<T>(groups: readonly string[], work: () => Promise<T>): Promise<T> {
    return this.locks.withGroups(groups, work);
  }

  /**
   * Creates the room and ties it to (source, dedupe key) in one transaction. The declaration is
   * written to the room's document afterwards; a room left undeclared by a crash in between is
   * declared by the next alert for it (see alert-intake.ts).
   */
  createAlertRoom(room: RoomRecord, sourceId: string, dedupeKey: string): Promise<void> {
    return answered(() =>
      this.db.transaction(() => {
        if (!this.store.createRoom(room)) throw new Error(`room id ${room.id} is taken`);
        this.insertAlertRoom.run(room.id, sourceId, dedupeKey, room.createdAt);
      })(),
    );
  }

  /**
   * Forgets notification ids older than DELIVERY_RETENTION_MS, at most once an hour, on the
   * intake's own path (no timer that could outlive the database); returns how many went.
   */
  pruneDeliveriesIfDue(now: number): Promise<number> {
    return answered(() => {
      if (now - this.prunedAt < PRUNE_EVERY_MS) return 0;
      this.prunedAt = now;
      return this.deleteDeliveries.run(now - DELIVERY_RETENTION_MS).changes;
    });
  }

  heldDeliveries(sourceId: string, deliveryIds: readonly string[]): Promise<Set<string>> {
    return answered(
      () =>
        new Set(deliveryIds.filter((id) => this.selectDelivery.get(sourceId, id) !== undefined)),
    );
  }

  /** Records unrouted alerts durably (one transaction); returns how many were new (not retries). */
  recordUnrouted(
    sourceId: string,
    alerts: readonly { alert: NormalizedAlert; reason: string }[],
    receivedAt: number,
  ): Promise<number> {
    return answered(() => this.recordUnroutedNow(sourceId, alerts, receivedAt));
  }

  private recordUnroutedNow(
    sourceId: string,
    alerts: readonly { alert: NormalizedAlert; reason: string }[],
    receivedAt: number,
  ): number {
    return this.db.transaction(() => {
      let added = 0;
      for (const { alert, reason } of alerts) {
        const result = this.insertUnrouted.run(
          sourceId,
          alert.deliveryId,
          alert.dedupeKey,
          reason,
          receivedAt,
          JSON.stringify(alert),
        );
        added += result.changes;
      }
      return added;
    })();
  }

  /** The source's unrouted alerts, newest first. */
  listUnrouted(sourceId: string, limit: number): Promise<UnroutedAlert[]> {
    return answered(() =>
      this.selectUnrouted.all(sourceId, limit).map((row) => ({
        seq: row.seq,
        receivedAt: row.received_at,
        reason: row.reason,
        alert: JSON.parse(row.alert) as NormalizedAlert,
      })),
    );
  }
}
