import type pg from 'pg';
import type { AlertIntakeStore } from '../../alerts/alert-intake-store';
import { DELIVERY_RETENTION_MS, type UnroutedAlert } from '../../alerts/alert-store';
import { GroupLocks } from '../../alerts/group-locks';
import type { NormalizedAlert } from '../../alerts/normalized-alert';
import { StoreUnavailableError } from '../../rooms/room-directory';
import type { RoomRecord } from '../relay-store';
import { inTransaction } from './in-transaction';
import type { PostgresRoomStore } from './postgres-room-store';

const PRUNE_EVERY_MS = 3600_000;

/**
 * The alert intake's tables in PostgreSQL (migrations 1 and 3), shared by every relay. Groups
 * are held with session advisory locks on a connection of their own for the whole request (the
 * locks are keyed by a 64-bit hash of `source \n dedupe key`, taken in sorted order, so two
 * relays never wait on each other in a cycle); within this process `GroupLocks` queues first, so
 * requests for one group wait here rather than each holding a connection.
 */
export class PostgresAlertStore implements AlertIntakeStore {
  private readonly locks = new GroupLocks();
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly store: PostgresRoomStore) {}

  private get pool(): pg.Pool {
    return this.store.pool;
  }

  withGroups<T>(groups: readonly string[], work: () => Promise<T>): Promise<T> {
    return this.locks.withGroups(groups, async () => {
      const client = await this.pool.connect().catch((error: unknown) => {
        throw new StoreUnavailableError(error);
      });
      let broken = false;
      try {
        await client
          .query(
            'SELECT pg_advisory_lock(hashtextextended(key, 0)) FROM unnest($1::text[]) AS key ORDER BY key',
            [[...new Set(groups)].sort()],
          )
          .catch((error: unknown) => {
            throw new StoreUnavailableError(error);
          });
        return await work();
      } finally {
        // A failed unlock means the connection is gone, and its locks with it.
        await client.query('SELECT pg_advisory_unlock_all()').catch(() => (broken = true));
        client.release(broken);
      }
    });
  }

  async findRoom(sourceId: string, dedupeKey: string): Promise<string | undefined> {
    const { rows } = await this.query<{ room_id: string }>(
      'SELECT room_id FROM alert_rooms WHERE source_id = $1 AND dedupe_key = $2',
      [sourceId, dedupeKey],
    );
    return rows[0]?.room_id;
  }

  async createAlertRoom(room: RoomRecord, sourceId: string, dedupeKey: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO rooms (id, write_key_verifier, read_key_verifier, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
        [room.id, room.writeKeyVerifier, room.readKeyVerifier, room.createdAt],
      );
      if (inserted.rowCount !== 1) throw new Error(`room id ${room.id} is taken`);
      await client.query('INSERT INTO room_listing (room_id, last_activity_at) VALUES ($1, $2)', [
        room.id,
        room.createdAt,
      ]);
      await client.query(
        'INSERT INTO alert_rooms (room_id, source_id, dedupe_key, opened_at) VALUES ($1, $2, $3, $4)',
        [room.id, sourceId, dedupeKey, room.createdAt],
      );
    }).catch((error: unknown) => {
      throw new StoreUnavailableError(error);
    });
  }

  async heldDeliveries(sourceId: string, deliveryIds: readonly string[]): Promise<Set<string>> {
    if (deliveryIds.length === 0) return new Set();
    const { rows } = await this.query<{ delivery_id: string }>(
      'SELECT delivery_id FROM alert_deliveries WHERE source_id = $1 AND delivery_id = ANY($2::text[])',
      [sourceId, [...deliveryIds]],
    );
    return new Set(rows.map((row) => row.delivery_id));
  }

  async recordUnrouted(
    sourceId: string,
    alerts: readonly { alert: NormalizedAlert; reason: string }[],
    receivedAt: number,
  ): Promise<number> {
    if (alerts.length === 0) return 0;
    const { rowCount } = await this.query(
      `INSERT INTO unrouted_alerts (source_id, delivery_id, dedupe_key, reason, received_at, alert)
       SELECT $1, delivery_id, dedupe_key, reason, $2, alert
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])
         AS unrouted (delivery_id, dedupe_key, reason, alert)
       ON CONFLICT (source_id, delivery_id) DO NOTHING`,
      [
        sourceId,
        receivedAt,
        alerts.map(({ alert }) => alert.deliveryId),
        alerts.map(({ alert }) => alert.dedupeKey),
        alerts.map(({ reason }) => reason),
        alerts.map(({ alert }) => JSON.stringify(alert)),
      ],
    );
    return rowCount ?? 0;
  }

  async listUnrouted(sourceId: string, limit: number): Promise<UnroutedAlert[]> {
    const { rows } = await this.query<{
      seq: string;
      received_at: string;
      reason: string;
      alert: string;
    }>(
      `SELECT seq, received_at, reason, alert FROM unrouted_alerts
       WHERE source_id = $1 ORDER BY seq DESC LIMIT $2`,
      [sourceId, limit],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      receivedAt: Number(row.received_at),
      reason: row.reason,
      alert: JSON.parse(row.alert) as NormalizedAlert,
    }));
  }

  async pruneDeliveriesIfDue(now: number): Promise<number> {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return 0;
    this.prunedAt = now;
    const { rowCount } = await this.query('DELETE FROM alert_deliveries WHERE received_at < $1', [
      now - DELIVERY_RETENTION_MS,
    ]);
    return rowCount ?? 0;
  }

  /** A query whose failure the hook route answers with 503 (the sender retries). */
  private query<R extends pg.QueryResultRow>(
    text: string,
    values: readonly unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, [...values]).catch((error: unknown) => {
      throw new StoreUnavailableError(error);
    });
  }
}
