import type { CompactionPolicy } from './room';

/**
 * In a room whose snapshot is more than this many times the log's bytes, the update-count
 * threshold waits: a compaction there would rewrite the whole room to fold in a small log.
 */
export const SNAPSHOT_TO_LOG_RATIO = 4;

/** However large the snapshot, a log this many times `compactAfterUpdates` long is compacted. */
export const UPDATE_COUNT_CAP_FACTOR = 16;

export interface UpdateLogSize {
  readonly entries: number;
  readonly bytes: number;
}

/**
 * Whether a room's update log should be folded into its snapshot now. A compaction encodes and
 * writes the whole room, so in a long room it waits until the log is worth it: until it holds at
 * least a quarter of the snapshot's bytes (or `compactAfterBytes`, or 16× `compactAfterUpdates`
 * entries). Each appended byte then costs a bounded share of compaction work however long the
 * room grows, where a fixed count made every update pay in proportion to the room: at 10,000
 * timeline entries (a 4.4 MB snapshot), compacting every 500 one-entry updates took a quarter of
 * the relay's time per event and stalled every room for 150 ms each time. A load replays at most
 * a quarter more than the snapshot, 1 MiB, or 8,000 updates (with the defaults).
 */
export function compactionDue(
  log: UpdateLogSize,
  snapshotBytes: number,
  policy: CompactionPolicy,
): boolean {
  if (log.entries === 0) return false;
  if (log.bytes >= policy.compactAfterBytes) return true;
  if (log.entries >= policy.compactAfterUpdates * UPDATE_COUNT_CAP_FACTOR) return true;
  return (
    log.entries >= policy.compactAfterUpdates && log.bytes * SNAPSHOT_TO_LOG_RATIO >= snapshotBytes
  );
}
