import type pg from 'pg';
import * as Y from 'yjs';
import { inTransaction } from './in-transaction';
import { asBuffer, type PostgresRoomStore } from './postgres-room-store';

/** What one call of `compactRoomLog` did. */
export type CompactionOutcome =
  /** The log up to its newest entry is now the snapshot; those entries are gone. */
  | 'compacted'
  /** Another worker holds the room's lease: nothing done (it is compacting the same log). */
  | 'leased-elsewhere'
  /** The log after the snapshot is empty. */
  | 'nothing-to-compact'
  /** The lease ran out while the snapshot was being built: nothing written, try again later. */
  | 'lease-lost';

/** Long enough to load and encode a large room; a worker that dies frees the room after it. */
export const DEFAULT_COMPACTION_LEASE_MS = 30_000;

/**
 * Shared-mode compaction, one worker per room at a time across every relay: take the room's
 * lease in `compaction_leases`, read the snapshot and log (REPEATABLE READ), merge them in a
 * Y.Doc, then in one short transaction write the new snapshot and delete the entries it covers.
 *
 * Writers are never blocked: they lock the `rooms` row (`last_seq`) and insert entries after the
 * ones read here, while this only touches the snapshot row and the entries it read, so an update
 * appended during a compaction simply stays in the log after the new snapshot. The write checks
 * that the lease is still ours, and a snapshot never replaces one that covers more (belt and
 * braces: a worker paused past its lease must not roll a room's snapshot back).
 */
export async function compactRoomLog(
  store: PostgresRoomStore,
  roomId: string,
  holder: string,
  leaseMs = DEFAULT_COMPACTION_LEASE_MS,
): Promise<CompactionOutcome> {
  if (!(await takeCompactionLease(store.pool, roomId, holder, leaseMs))) return 'leased-elsewhere';
  try {
    const state = await store.loadRoomAfter(roomId, 0);
    const throughSeq = state.updates.at(-1)?.seq;
    if (throughSeq === undefined) return 'nothing-to-compact';
    const doc = new Y.Doc({ gc: true });
    try {
      doc.transact(() => {
        if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
        for (const update of state.updates) Y.applyUpdate(doc, update.data);
      });
      const snapshot = Y.encodeStateAsUpdate(doc);
      const written = await inTransaction(store.pool, (client) =>
        replaceLogPrefix(client, { roomId, holder, snapshot, throughSeq }),
      );
      return written ? 'compacted' : 'lease-lost';
    } finally {
      doc.destroy();
    }
  } finally {
    // If the database is away now, the lease simply runs out; the outcome above stands.
    await releaseCompactionLease(store.pool, roomId, holder).catch(() => undefined);
  }
}

/**
 * The write half of a compaction, inside the caller's transaction: checks the lease (and holds
 * its row until COMMIT), stores the snapshot unless a newer one is there, deletes the covered
 * log entries. False, with nothing written, when the lease is no longer `holder`'s.
 */
export async function replaceLogPrefix(
  client: pg.PoolClient,
  write: { roomId: string; holder: string; snapshot: Uint8Array; throughSeq: number },
): Promise<boolean> {
  const { roomId, holder, snapshot, throughSeq } = write;
  const lease = await client.query(
    `SELECT 1 FROM compaction_leases
     WHERE room_id = $1 AND holder = $2 AND expires_at > now() FOR UPDATE`,
    [roomId, holder],
  );
  if (lease.rowCount !== 1) return false;
  await client.query(
    `INSERT INTO room_snapshots (room_id, data, compacted_through_seq, stored_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (room_id) DO UPDATE SET data = excluded.data,
       compacted_through_seq = excluded.compacted_through_seq, stored_at = excluded.stored_at
     WHERE room_snapshots.compacted_through_seq < excluded.compacted_through_seq`,
    [roomId, asBuffer(snapshot), throughSeq, Date.now()],
  );
  await client.query('DELETE FROM room_updates WHERE room_id = $1 AND seq <= $2', [
    roomId,
    throughSeq,
  ]);
  return true;
}

/**
 * Takes the room's compaction lease for `leaseMs` (by the database's clock) when nobody holds
 * it, it ran out, or `holder` already has it. True when `holder` has it now.
 */
export async function takeCompactionLease(
  pool: pg.Pool,
  roomId: string,
  holder: string,
  leaseMs: number,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO compaction_leases (room_id, holder, expires_at)
     VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (room_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE compaction_leases.expires_at <= now() OR compaction_leases.holder = excluded.holder
     RETURNING holder`,
    [roomId, holder, leaseMs],
  );
  return rowCount === 1;
}

export async function releaseCompactionLease(
  pool: pg.Pool,
  roomId: string,
  holder: string,
): Promise<void> {
  await pool.query('DELETE FROM compaction_leases WHERE room_id = $1 AND holder = $2', [
    roomId,
    holder,
  ]);
}
