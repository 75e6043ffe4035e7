import type { Database, Statement } from 'better-sqlite3';
import {
  OUTBOUND_DELIVERY_STATES,
  type OutboundDeliveryState,
} from '../../shared/ops/outbound-delivery';

/** Where a delivery stands: waiting or retrying, arrived, or given up on (it stays listed). */
export const DELIVERY_STATES = OUTBOUND_DELIVERY_STATES;
export type DeliveryState = OutboundDeliveryState;

/** One event for one target, as the room update that caused it stores it. */
export interface OutboxRow {
  readonly eventId: string;
  readonly targetId: string;
  readonly targetKind: string;
  readonly eventType: string;
  /** The event as JSON text (`OutboundEvent`), sent as it was stored on every try. */
  readonly event: string;
}

/** A stored delivery with its receipt. */
export interface Delivery extends OutboxRow {
  readonly seq: number;
  readonly roomId: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  /** The receiver's last HTTP status, or null (no answer: refused, timed out). */
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
}

interface DeliveryRow {
  seq: number;
  event_id: string;
  room_id: string;
  target_id: string;
  target_kind: string;
  event_type: string;
  event: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: number;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

/** Delivered rows are kept this long as receipts, then forgotten; failed ones are kept. */
export const DELIVERED_RETENTION_MS = 30 * 24 * 3600_000;

const COLUMNS =
  'seq, event_id, room_id, target_id, target_kind, event_type, event, state, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at';

/**
 * The outbox table (migration 6). Rows are inserted by `RelayStore.appendUpdates`, inside the
 * transaction of the update that caused them; the sender reads the head of each (room, target)
 * queue and writes the receipt back. Synchronous like the rest of the store.
 */
export class OutboxStore {
  private readonly insertRow: Statement<
    [string, string, string, string, string, string, number, number]
  >;
  private readonly selectHeads: Statement<[], DeliveryRow>;
  private readonly updateReceipt: Statement<
    [DeliveryState, number, number, number | null, string | null, number | null, number]
  >;
  private readonly selectByState: Statement<[string, number], DeliveryRow>;
  private readonly selectByEvent: Statement<[string], DeliveryRow>;
  private readonly countPending: Statement<[], { count: number }>;
  private readonly deleteDelivered: Statement<[number]>;
  private readonly selectIncident: Statement<[string, string], { incident_id: string }>;
  private readonly insertIncident: Statement<[string, string, string, number]>;

  constructor(db: Database) {
    this.insertRow = db.prepare(
      `INSERT OR IGNORE INTO outbound_deliveries
         (event_id, room_id, target_id, target_kind, event_type, event, state, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    );
    // The oldest pending row of every (room, target): only it may be sent, so each queue keeps
    // its order; a failed row no longer holds the ones after it.
    this.selectHeads = db.prepare(
      `SELECT ${COLUMNS} FROM outbound_deliveries d WHERE state = 'pending' AND seq = (
         SELECT min(seq) FROM outbound_deliveries
         WHERE state = 'pending' AND room_id = d.room_id AND target_id = d.target_id)
       ORDER BY next_attempt_at, seq`,
    );
    this.updateReceipt = db.prepare(
      `UPDATE outbound_deliveries SET state = ?, attempts = ?, next_attempt_at = ?,
         last_status = ?, last_error = ?, delivered_at = ? WHERE seq = ?`,
    );
    this.selectByState = db.prepare(
      `SELECT ${COLUMNS} FROM outbound_deliveries WHERE state = ? ORDER BY seq DESC LIMIT ?`,
    );
    this.selectByEvent = db.prepare(
      `SELECT ${COLUMNS} FROM outbound_deliveries WHERE event_id = ? ORDER BY target_id`,
    );
    this.countPending = db.prepare(
      "SELECT count(*) AS count FROM outbound_deliveries WHERE state = 'pending'",
    );
    this.deleteDelivered = db.prepare(
      "DELETE FROM outbound_deliveries WHERE state = 'delivered' AND delivered_at < ?",
    );
    this.selectIncident = db.prepare(
      'SELECT incident_id FROM statuspage_incidents WHERE target_id = ? AND room_id = ?',
    );
    this.insertIncident = db.prepare(
      `INSERT INTO statuspage_incidents (target_id, room_id, incident_id, created_at)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (target_id, room_id) DO UPDATE SET incident_id = excluded.incident_id`,
    );
  }

  /** The Statuspage incident a room became on a statuspage target (migration 7), or null. */
  statuspageIncident(targetId: string, roomId: string): string | null {
    return this.selectIncident.get(targetId, roomId)?.incident_id ?? null;
  }

  /** Keeps the incident a create answered with, before the delivery's receipt is written. */
  keepStatuspageIncident(targetId: string, roomId: string, incidentId: string, at: number): void {
    this.insertIncident.run(targetId, roomId, incidentId, at);
  }

  /** Call only inside the transaction that stores the room update causing these events. */
  insert(roomId: string, rows: readonly OutboxRow[], storedAt: number): void {
    for (const row of rows) {
      this.insertRow.run(
        row.eventId,
        roomId,
        row.targetId,
        row.targetKind,
        row.eventType,
        row.event,
        storedAt,
        storedAt,
      );
    }
  }

  /** The next delivery of every (room, target) queue that has one, soonest first. */
  queueHeads(): Delivery[] {
    return this.selectHeads.all().map(toDelivery);
  }

  /** Writes a try's outcome on the row (its receipt). */
  recordAttempt(
    seq: number,
    receipt: {
      state: DeliveryState;
      attempts: number;
      nextAttemptAt: number;
      lastStatus: number | null;
      lastError: string | null;
      deliveredAt: number | null;
    },
  ): void {
    this.updateReceipt.run(
      receipt.state,
      receipt.attempts,
      receipt.nextAttemptAt,
      receipt.lastStatus,
      receipt.lastError,
      receipt.deliveredAt,
      seq,
    );
  }

  /** Deliveries in one state, newest first. */
  list(state: DeliveryState, limit: number): Delivery[] {
    return this.selectByState.all(state, limit).map(toDelivery);
  }

  /** Every target's delivery of one event. */
  forEvent(eventId: string): Delivery[] {
    return this.selectByEvent.all(eventId).map(toDelivery);
  }

  /** Forgets receipts of deliveries that arrived before `before` (ms); returns how many. */
  forgetDelivered(before: number): number {
    return this.deleteDelivered.run(before).changes;
  }

  pendingCount(): number {
    return this.countPending.get()?.count ?? 0;
  }
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    seq: row.seq,
    eventId: row.event_id,
    roomId: row.room_id,
    targetId: row.target_id,
    targetKind: row.target_kind,
    eventType: row.event_type,
    event: row.event,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
