import { compactionDue } from '../../rooms/compaction-due';
import type { CompactionPolicy } from '../../rooms/room';
import type { PostgresRoomStore } from './postgres-room-store';
import {
  compactRoomLog,
  DEFAULT_COMPACTION_LEASE_MS,
  type CompactionOutcome,
} from './room-compaction';

/** What one pass did, room by room. */
export interface CompactionPass {
  /** Rooms whose log was due, in the order they were tried. */
  readonly due: readonly string[];
  readonly outcomes: ReadonlyMap<string, CompactionOutcome>;
}

export interface CompactionPassOptions {
  /** This worker's name in the lease table (e.g. the relay's id). */
  readonly holder: string;
  /** The relay's own thresholds (`--compact-after-updates`, `--compact-after-bytes`). */
  readonly policy: CompactionPolicy;
  /** At most this many rooms per pass, the longest logs first (default 50). */
  readonly maxRooms?: number;
  readonly leaseMs?: number;
}

/**
 * One pass of the shared-mode compaction worker, which any relay may run on a timer: find the
 * rooms whose update log is due by the same rule the SQLite relay uses (compaction-due.ts: the
 * log's entries and bytes against the snapshot's size), then compact each under its lease.
 * Several relays running passes at once is safe: a room leased by one is skipped by the others
 * ('leased-elsewhere'), so every room is compacted by one worker at a time, and cold opens stay
 * short because no room's log grows past the thresholds for longer than a pass interval.
 */
export async function runCompactionPass(
  store: PostgresRoomStore,
  options: CompactionPassOptions,
): Promise<CompactionPass> {
  const { rows } = await store.pool.query<{
    room_id: string;
    entries: string;
    bytes: string;
    snapshot_bytes: string;
  }>(
    `SELECT logs.room_id, logs.entries, logs.bytes,
       coalesce((SELECT octet_length(data) FROM room_snapshots s WHERE s.room_id = logs.room_id), 0)
         AS snapshot_bytes
     FROM (SELECT room_id, count(*) AS entries, sum(octet_length(data)) AS bytes
           FROM room_updates GROUP BY room_id) AS logs
     ORDER BY logs.entries DESC, logs.room_id`,
  );
  const due = rows
    .filter((row) =>
      compactionDue(
        { entries: Number(row.entries), bytes: Number(row.bytes) },
        Number(row.snapshot_bytes),
        options.policy,
      ),
    )
    .slice(0, options.maxRooms ?? 50)
    .map((row) => row.room_id);
  const outcomes = new Map<string, CompactionOutcome>();
  for (const roomId of due) {
    outcomes.set(
      roomId,
      await compactRoomLog(
        store,
        roomId,
        options.holder,
        options.leaseMs ?? DEFAULT_COMPACTION_LEASE_MS,
      ),
    );
  }
  return { due, outcomes };
}
