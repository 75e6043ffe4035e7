import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type {
  ClaimedDelivery,
  ClaimedHeads,
  ClaimRequest,
  DeliveryOutbox,
  ReceiptToRecord,
} from '../../outbound/delivery-outbox';
import { StoreUnavailableError } from '../../rooms/room-directory';
import type { Delivery, DeliveryState } from '../outbox-store';
import type { UpdateToAppend } from '../relay-store';

/** How often a relay looks at the shared outbox when nothing told it of new rows. */
const POLL_INTERVAL_MS = 1_000;

const COLUMNS = `seq, event_id, room_id, target_id, target_kind, event_type, event, state, attempts,
  next_attempt_at, last_status, last_error, created_at, delivered_at, claim_token`;

interface DeliveryRow {
  seq: string;
  event_id: string;
  room_id: string;
  target_id: string;
  target_kind: string;
  event_type: string;
  event: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  claim_token: string | null;
}

/**
 * A pending row `d` that heads its (room, target) queue, is nobody's (never claimed, or its
 * claim ran out by the database's clock), and is not in the caller's skip list ($2, $3).
 */
const FREE_HEAD = `d.state = 'pending'
  AND (d.claim_expires_at IS NULL OR d.claim_expires_at <= now())
  AND NOT EXISTS (
    SELECT 1 FROM outbound_deliveries e
    WHERE e.state = 'pending' AND e.room_id = d.room_id AND e.target_id = d.target_id
      AND e.seq < d.seq)
  AND NOT EXISTS (
    SELECT 1 FROM unnest($2::text[], $3::text[]) AS s (room_id, target_id)
    WHERE s.room_id = d.room_id AND s.target_id = d.target_id)`;

/**
 * The outbox in shared mode (migration 4), one table for every relay's sender. A sender claims a
 * queue head in one statement (`FOR UPDATE SKIP LOCKED`, so two relays asking at once never take
 * the same row, and neither waits for the other) that stamps it with a token and a lease by the
 * database's clock; only that token records the try. A head is claimable only while every older
 * row of its (room, target) is delivered or failed, so each queue keeps its order across relays.
 */
export class PostgresOutboxStore implements DeliveryOutbox {
  readonly pollIntervalMs = POLL_INTERVAL_MS;

  constructor(private readonly pool: pg.Pool) {}

  async claimDue({ limit, skip, now, leaseMs }: ClaimRequest): Promise<ClaimedHeads> {
    const skipped = [...skip].map((key) => key.split('\0'));
    const skipRooms = skipped.map(([roomId]) => roomId ?? '');
    const skipTargets = skipped.map(([, targetId]) => targetId ?? '');
    const { rows } = await this.pool.query<DeliveryRow>(
      `WITH due AS (
         SELECT d.seq FROM outbound_deliveries d
         WHERE d.next_attempt_at <= $1 AND ${FREE_HEAD}
         ORDER BY d.next_attempt_at, d.seq
         LIMIT $4
         FOR UPDATE OF d SKIP LOCKED)
       UPDATE outbound_deliveries o
       SET claim_token = $5, claim_expires_at = now() + $6::double precision * interval '1 millisecond'
       FROM due WHERE o.seq = due.seq
       RETURNING o.*`,
      [now, skipRooms, skipTargets, limit, randomUUID(), leaseMs],
    );
    const next = await this.pool.query<{ next: string | null }>(
      `SELECT min(d.next_attempt_at) AS next FROM outbound_deliveries d
       WHERE d.next_attempt_at > $1 AND ${FREE_HEAD}`,
      [now, skipRooms, skipTargets],
    );
    const nextDue = next.rows[0]?.next ?? null;
    const claimed = rows
      .map((row) => ({ ...toDelivery(row), claim: row.claim_token }))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.seq - b.seq);
    return { claimed, nextDueAt: nextDue === null ? null : Number(nextDue) };
  }

  async recordAttempt(delivery: ClaimedDelivery, receipt: ReceiptToRecord): Promise<boolean> {
    if (delivery.claim === null) throw new Error('a shared outbox records claimed tries only');
    const written = await this.pool.query(
      `UPDATE outbound_deliveries SET state = $3, attempts = $4, next_attempt_at = $5,
         last_status = $6, last_error = $7, delivered_at = $8,
         claim_token = NULL, claim_expires_at = NULL
       WHERE seq = $1 AND claim_token = $2`,
      [
        delivery.seq,
        delivery.claim,
        receipt.state,
        receipt.attempts,
        receipt.nextAttemptAt,
        receipt.lastStatus,
        receipt.lastError,
        receipt.deliveredAt,
      ],
    );
    return written.rowCount === 1;
  }

  async release(deliveries: readonly ClaimedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.pool.query(
      `UPDATE outbound_deliveries o SET claim_token = NULL, claim_expires_at = NULL
       FROM unnest($1::bigint[], $2::text[]) AS given (seq, token)
       WHERE o.seq = given.seq AND o.claim_token = given.token`,
      [deliveries.map((d) => d.seq), deliveries.map((d) => d.claim)],
    );
  }

  async pendingCount(): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(
      "SELECT count(*) AS count FROM outbound_deliveries WHERE state = 'pending'",
    );
    return Number(rows[0]?.count ?? 0);
  }

  async forgetDelivered(before: number): Promise<number> {
    const deleted = await this.pool.query(
      "DELETE FROM outbound_deliveries WHERE state = 'delivered' AND delivered_at < $1",
      [before],
    );
    return deleted.rowCount ?? 0;
  }

  /** For `GET /outbound/deliveries`: a failed read is the store being away (503), not a 500. */
  async list(state: DeliveryState, limit: number): Promise<Delivery[]> {
    try {
      const { rows } = await this.pool.query<DeliveryRow>(
        `SELECT ${COLUMNS} FROM outbound_deliveries WHERE state = $1 ORDER BY seq DESC LIMIT $2`,
        [state, limit],
      );
      return rows.map(toDelivery);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  async statuspageIncident(targetId: string, roomId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ incident_id: string }>(
      'SELECT incident_id FROM statuspage_incidents WHERE target_id = $1 AND room_id = $2',
      [targetId, roomId],
    );
    return rows[0]?.incident_id ?? null;
  }

  async keepStatuspageIncident(
    targetId: string,
    roomId: string,
    incidentId: string,
    at: number,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO statuspage_incidents (target_id, room_id, incident_id, created_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (target_id, room_id) DO UPDATE SET incident_id = excluded.incident_id`,
      [targetId, roomId, incidentId, at],
    );
  }
}

/**
 * Stores the outbox rows of a batch of appends, inside the batch's transaction (after its
 * rooms' rows are locked): one statement for all of them, numbered in the order given. A row
 * already stored (the same event for the same target) is kept as it is, as in SQLite.
 */
export async function insertOutboxRows(
  client: pg.PoolClient,
  appends: readonly UpdateToAppend[],
  storedAt: number,
): Promise<void> {
  const rows = appends.flatMap(({ roomId, outbox }) =>
    (outbox ?? []).map((row) => ({ roomId, ...row })),
  );
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO outbound_deliveries (event_id, room_id, target_id, target_kind, event_type,
       event, state, attempts, next_attempt_at, created_at)
     SELECT event_id, room_id, target_id, target_kind, event_type, event, 'pending', 0, $7, $7
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       WITH ORDINALITY AS stored (event_id, room_id, target_id, target_kind, event_type, event, n)
     ORDER BY n
     ON CONFLICT DO NOTHING`,
    [
      rows.map((r) => r.eventId),
      rows.map((r) => r.roomId),
      rows.map((r) => r.targetId),
      rows.map((r) => r.targetKind),
      rows.map((r) => r.eventType),
      rows.map((r) => r.event),
      storedAt,
    ],
  );
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    roomId: row.room_id,
    targetId: row.target_id,
    targetKind: row.target_kind,
    eventType: row.event_type,
    event: row.event,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
  };
}
