import type { UpdateToAppend } from '../relay-store';

/** One update waiting for its commit, with what to do after (the Room's side of it). */
export interface PendingSharedAppend extends UpdateToAppend {
  /** Runs after the update's transaction committed, with its seq in the room's log. */
  readonly onCommitted: (seq: number) => void;
  /** Runs when it could not be stored; nothing may be told it was saved. */
  readonly onFailed: (error: unknown) => void;
}

/** What the group commit needs of a store (PostgresRoomStore has it). */
export interface AsyncAppendStore {
  appendUpdates(appends: readonly UpdateToAppend[]): Promise<number[]>;
}

export interface GroupCommitHooks {
  /** Told after each batch: how many updates it carried and how long its commit took. */
  readonly observeBatch?: (updates: number, seconds: number) => void;
  /** An `onCommitted`/`onFailed` callback threw (a bug in the caller): shown, not swallowed. */
  readonly onCallbackError?: (error: unknown) => void;
}

/**
 * Group commit for the shared-mode store, the async counterpart of `GroupCommit`: the updates
 * enqueued within one event-loop turn go in one transaction, and while that transaction waits
 * for PostgreSQL the next ones queue and go together in the next, so batches grow by themselves
 * with load (one commit with 100 updates costs a few times one with 1, not 100 times). One batch
 * is in flight at a time, so a room's updates commit, and their callbacks run, in the order they
 * were enqueued. A failed batch is retried one update at a time, so only the room whose write
 * fails hears `onFailed`.
 */
export class PostgresGroupCommit {
  private queue: PendingSharedAppend[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private inFlight: Promise<void> | null = null;
  private inFlightCount = 0;

  constructor(
    private readonly store: AsyncAppendStore,
    private readonly hooks: GroupCommitHooks = {},
  ) {}

  /** Updates enqueued and not yet committed or failed. */
  get pendingCount(): number {
    return this.queue.length + this.inFlightCount;
  }

  enqueue(append: PendingSharedAppend): void {
    this.queue.push(append);
    this.schedule();
  }

  /** Resolves once everything enqueued so far has committed or failed (unload, shutdown). */
  async flush(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.startBatch();
      await this.inFlight;
    }
  }

  private schedule(): void {
    if (this.inFlight || this.scheduled) return;
    // setImmediate runs after the I/O phase, so every frame read in this turn joins the batch.
    this.scheduled = setImmediate(() => this.startBatch());
  }

  private startBatch(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.inFlightCount = batch.length;
    this.inFlight = this.commit(batch)
      .catch((error: unknown) => {
        // Without a hook the error surfaces as an unhandled rejection, as a throw would.
        if (!this.hooks.onCallbackError) throw error;
        this.hooks.onCallbackError(error);
      })
      .finally(() => {
        this.inFlight = null;
        this.inFlightCount = 0;
        if (this.queue.length > 0) this.schedule();
      });
  }

  private async commit(batch: readonly PendingSharedAppend[]): Promise<void> {
    const started = performance.now();
    let seqs: number[] | null = null;
    try {
      seqs = await this.store.appendUpdates(batch);
    } catch {
      // Retried one by one below, so one room's bad write does not fail every room in the batch.
    }
    this.hooks.observeBatch?.(batch.length, (performance.now() - started) / 1000);
    if (seqs) {
      batch.forEach((append, index) => append.onCommitted(seqs[index]!));
      return;
    }
    for (const append of batch) {
      let seq: number;
      try {
        [seq] = (await this.store.appendUpdates([append])) as [number];
      } catch (error) {
        append.onFailed(error);
        continue;
      }
      append.onCommitted(seq);
    }
  }
}
