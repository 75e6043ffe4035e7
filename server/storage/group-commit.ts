import type { RelayMetrics } from '../metrics/relay-metrics';
import type { RelayStore, UpdateToAppend } from './relay-store';

export interface PendingAppend extends UpdateToAppend {
  /** Runs after the update is on disk, with its sequence number in the room's log. */
  readonly onCommitted: (seq: number) => void;
  /** Runs when the update could not be stored; nothing may be told it was saved. */
  readonly onFailed: (error: unknown) => void;
}

/**
 * Group commit: the updates that arrive within one event-loop turn, from every room, are appended
 * in one SQLite transaction, so they share one fsync. With `synchronous = FULL` an fsync costs
 * milliseconds, and one per update capped the whole relay at a few hundred updates a second. The
 * batch grows by itself under load: while one commit waits for the disk, the next turn's frames
 * pile up in the socket buffers and are read, and committed, together.
 *
 * The callers keep the durability promise: nothing is broadcast, confirmed or answered from a
 * room's document until its pending appends have committed (see Room).
 */
export class GroupCommit {
  private queue: PendingAppend[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly store: RelayStore,
    private readonly metrics: RelayMetrics,
  ) {}

  get pendingCount(): number {
    return this.queue.length;
  }

  enqueue(append: PendingAppend): void {
    this.queue.push(append);
    // setImmediate runs after the I/O phase, so every frame read in this turn joins the batch.
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Commits everything queued now (also used before compaction, unload and shutdown). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const stopTimer = this.metrics.persistSeconds.startTimer();
    let seqs: number[] | null = null;
    try {
      seqs = this.store.appendUpdates(batch);
    } catch {
      // Retried one by one below, so one room's bad write does not fail every room in the batch.
    } finally {
      stopTimer();
    }
    this.metrics.persistBatchUpdates.observe(batch.length);
    if (seqs) {
      batch.forEach((append, index) => append.onCommitted(seqs[index]!));
      return;
    }
    for (const append of batch) {
      let seq: number;
      try {
        seq = this.store.appendUpdates([append])[0]!;
      } catch (error) {
        append.onFailed(error);
        continue;
      }
      append.onCommitted(seq);
    }
  }
}
