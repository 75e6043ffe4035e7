import type pg from 'pg';
import type { RoomRecord, StoredRoomState, UpdateToAppend } from '../relay-store';
import { inTransaction } from './in-transaction';
import { migratePostgres } from './migrate-postgres';
import { insertOutboxRows } from './postgres-outbox-store';

/** One stored update with its place in the room's log. */
export interface SequencedUpdate {
  readonly seq: number;
  readonly data: Uint8Array;
}

/** A room's stored state after a given sequence number (see `loadRoomAfter`). */
export interface RoomStateAfter {
  /** Set when the log before the asked-for seq was compacted: apply it first (it is idempotent). */
  readonly snapshot: Uint8Array | null;
  /** The sequence number the snapshot covers (0 without one). */
  readonly snapshotThroughSeq: number;
  readonly updates: readonly SequencedUpdate[];
  /** The newest sequence number included (the snapshot's when the log after it is empty). */
  readonly lastSeq: number;
}

export interface PostgresRoomStoreOptions {
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
  /**
   * How long to wait for a new connection (default 5000 ms): a server that stopped answering
   * (not refusing) fails writes after this instead of holding them without end.
   */
  readonly connectTimeoutMs?: number;
  /**
   * Errors of idle pooled connections (the server restarted or went away). The pool drops such
   * a connection and opens a new one for the next query; a query in flight rejects by itself.
   */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * The shared-mode store: the same rooms, keys and update log as the SQLite `RelayStore`, in a
 * PostgreSQL database that any number of relays use at once. Every method is async, and a
 * promise that stores something resolves only after COMMIT: `appendUpdates` hands back sequence
 * numbers of rows PostgreSQL has durably, which is what a relay may then confirm or fan out.
 */
export class PostgresRoomStore {
  private constructor(readonly pool: pg.Pool) {}

  /** Connects and brings the database to the newest schema (see migrate-postgres.ts). */
  static async open(
    url: string,
    options: PostgresRoomStoreOptions = {},
  ): Promise<PostgresRoomStore> {
    // Loaded here, not at the top: an embedded relay never pays for importing pg at start.
    const { default: postgres } = await import('pg');
    const pool = new postgres.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    });
    // Without a listener an idle connection's error (a server restart) would end the process.
    pool.on('error', (error) => options.onIdleError?.(error));
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresRoomStore(pool);
  }

  /** False (and nothing changes) when the id is taken. The team list row is made with it. */
  async createRoom(room: RoomRecord): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO rooms (id, write_key_verifier, read_key_verifier, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
        [room.id, room.writeKeyVerifier, room.readKeyVerifier, room.createdAt],
      );
      if (inserted.rowCount !== 1) return false;
      await client.query('INSERT INTO room_listing (room_id, last_activity_at) VALUES ($1, $2)', [
        room.id,
        room.createdAt,
      ]);
      return true;
    });
  }

  async findRoom(id: string): Promise<RoomRecord | undefined> {
    const { rows } = await this.pool.query<{
      id: string;
      write_key_verifier: Buffer;
      read_key_verifier: Buffer;
      created_at: string;
    }>('SELECT id, write_key_verifier, read_key_verifier, created_at FROM rooms WHERE id = $1', [
      id,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      writeKeyVerifier: row.write_key_verifier,
      readKeyVerifier: row.read_key_verifier,
      createdAt: Number(row.created_at),
    };
  }

  async countRooms(): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(
      'SELECT count(*) AS count FROM rooms',
    );
    return Number(rows[0]?.count ?? 0);
  }

  /**
   * Appends updates of any rooms atomically and resolves, once PostgreSQL has committed them,
   * with each one's sequence number in its room's log, in the order given. All or nothing. A
   * room's numbers are taken from `rooms.last_seq` under its row lock, so they are gapless per
   * room and in commit order across relays; rooms are locked in id order, so two batches never
   * deadlock. A batch is one statement, so one round trip however many rooms it holds (five
   * before: BEGIN, lock, number, insert, COMMIT; they were most of a shared relay's commit time,
   * docs/BENCHMARKS.md section 11). The alert deliveries an update records and the outbound
   * events it causes are stored in the same transaction (one more statement each), as in SQLite.
   */
  async appendUpdates(appends: readonly UpdateToAppend[]): Promise<number[]> {
    if (appends.length === 0) return [];
    const storedAt = Date.now();
    const sideRows = appends.some(
      ({ deliveries, outbox }) => (deliveries?.length ?? 0) > 0 || (outbox?.length ?? 0) > 0,
    );
    // One statement is atomic by itself: a batch without alert deliveries or outbox rows (nearly
    // every one) costs a single round trip; the others add theirs in one transaction with it.
    const rows = sideRows
      ? await inTransaction(this.pool, async (client) => {
          const numbered = await appendStatement(client, appends, storedAt);
          if (numbered.length === appends.length) {
            await insertDeliveries(client, appends, storedAt);
            await insertOutboxRows(client, appends, storedAt);
          }
          return numbered;
        })
      : await appendStatement(this.pool, appends, storedAt);
    if (rows.length !== appends.length) throw await this.noSuchRoom(appends);
    const seqs = new Array<number>(appends.length);
    for (const row of rows) seqs[Number(row.ord) - 1] = Number(row.seq);
    return seqs;
  }

  /** The error of a batch that named a room that does not exist (nothing of it was stored). */
  private async noSuchRoom(appends: readonly UpdateToAppend[]): Promise<Error> {
    const roomIds = [...new Set(appends.map((append) => append.roomId))];
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM rooms WHERE id = ANY($1::text[])',
      [roomIds],
    );
    const found = new Set(rows.map((row) => row.id));
    return new Error(`cannot append to room ${roomIds.find((id) => !found.has(id))}: no such room`);
  }

  /** What a room is made of: apply the snapshot, then the updates, in order. */
  async loadRoomState(roomId: string): Promise<StoredRoomState> {
    const state = await this.loadRoomAfter(roomId, 0);
    let updateBytes = 0;
    for (const update of state.updates) updateBytes += update.data.byteLength;
    return {
      snapshot: state.snapshot,
      updates: state.updates.map((update) => update.data),
      updateBytes,
      lastSeq: state.lastSeq,
    };
  }

  /**
   * The room's updates after `afterSeq`, for a relay that missed some (a gap in the fan-out,
   * a reconnect). When compaction already folded some of them into the snapshot, the snapshot
   * comes too. Read in one REPEATABLE READ transaction, so a compaction committing in between
   * can never make the snapshot and the log disagree.
   */
  async loadRoomAfter(roomId: string, afterSeq: number): Promise<RoomStateAfter> {
    return inTransaction(
      this.pool,
      async (client) => {
        const snapshotRows = await client.query<{ data: Buffer; compacted_through_seq: string }>(
          'SELECT data, compacted_through_seq FROM room_snapshots WHERE room_id = $1',
          [roomId],
        );
        const stored = snapshotRows.rows[0];
        const throughSeq = stored ? Number(stored.compacted_through_seq) : 0;
        const snapshot = stored && throughSeq > afterSeq ? stored.data : null;
        const { rows } = await client.query<{ seq: string; data: Buffer }>(
          'SELECT seq, data FROM room_updates WHERE room_id = $1 AND seq > $2 ORDER BY seq',
          [roomId, Math.max(afterSeq, throughSeq)],
        );
        const updates = rows.map((row) => ({ seq: Number(row.seq), data: row.data }));
        return {
          snapshot,
          snapshotThroughSeq: throughSeq,
          updates,
          lastSeq: Math.max(afterSeq, throughSeq, updates.at(-1)?.seq ?? 0),
        };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  /** Each room's newest sequence number (`rooms.last_seq`), in one query: who is behind. */
  async lastSeqs(roomIds: readonly string[]): Promise<Map<string, number>> {
    if (roomIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ id: string; last_seq: string }>(
      'SELECT id, last_seq FROM rooms WHERE id = ANY($1::text[])',
      [[...roomIds]],
    );
    return new Map(rows.map((row) => [row.id, Number(row.last_seq)]));
  }

  /**
   * Whether PostgreSQL answers a query now, for health reports (`/healthz` in shared mode). Not
   * a storage read: a false here changes nothing, and every write still reports its own failure.
   */
  async reachable(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Numbers and inserts a batch in one statement. The rooms' rows are locked first, in id order
 * (`locked`, evaluated before the UPDATE takes any row: its count is the UPDATE's condition), so
 * two batches of the same rooms never deadlock; each room's `last_seq` is bumped under that lock
 * and its updates take the numbers below it in batch order, so seqs are gapless and in commit
 * order across relays. When a room does not exist nothing at all is written (the count differs)
 * and fewer rows come back than were given.
 */
async function appendStatement(
  db: pg.Pool | pg.PoolClient,
  appends: readonly UpdateToAppend[],
  storedAt: number,
): Promise<{ ord: string; seq: string }[]> {
  const { rows } = await db.query<{ ord: string; seq: string }>(
    `WITH input AS (
       SELECT room_id, data, ord FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY
         AS given (room_id, data, ord)
     ),
     counts AS (SELECT room_id, count(*) AS n FROM input GROUP BY room_id),
     locked AS (
       SELECT id FROM rooms WHERE id IN (SELECT room_id FROM counts) ORDER BY id FOR NO KEY UPDATE
     ),
     bumped AS (
       UPDATE rooms SET last_seq = rooms.last_seq + counts.n FROM counts
       WHERE rooms.id = counts.room_id
         AND (SELECT count(*) FROM locked) = (SELECT count(*) FROM counts)
       RETURNING rooms.id, rooms.last_seq, counts.n
     ),
     numbered AS (
       SELECT input.room_id, input.data, input.ord,
         bumped.last_seq - bumped.n
           + row_number() OVER (PARTITION BY input.room_id ORDER BY input.ord) AS seq
       FROM input JOIN bumped ON bumped.id = input.room_id
     ),
     stored AS (
       INSERT INTO room_updates (room_id, seq, data, stored_at)
       SELECT room_id, seq, data, $3 FROM numbered
     )
     SELECT ord, seq FROM numbered ORDER BY ord`,
    [appends.map((a) => a.roomId), appends.map((a) => asBuffer(a.update)), storedAt],
  );
  return rows;
}

async function insertDeliveries(
  client: pg.PoolClient,
  appends: readonly UpdateToAppend[],
  storedAt: number,
): Promise<void> {
  const rows = appends.flatMap(({ roomId, deliveries }) =>
    (deliveries ?? []).map((delivery) => ({ roomId, ...delivery })),
  );
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO alert_deliveries (source_id, delivery_id, room_id, received_at)
     SELECT source_id, delivery_id, room_id, $4 FROM unnest($1::text[], $2::text[], $3::text[])
       AS delivered (source_id, delivery_id, room_id)
     ON CONFLICT DO NOTHING`,
    [
      rows.map((r) => r.sourceId),
      rows.map((r) => r.deliveryId),
      rows.map((r) => r.roomId),
      storedAt,
    ],
  );
}

/** node-postgres sends Buffers as bytea (also inside arrays); a plain Uint8Array it may not. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
