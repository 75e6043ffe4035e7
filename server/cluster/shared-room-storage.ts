import type { OpenedRoom, RoomAppend, RoomStorage, StoredElsewhere } from '../rooms/room-storage';
import type { CompactionPolicy } from '../rooms/room';
import { runCompactionPass } from '../storage/postgres/compaction-worker';
import { PostgresGroupCommit } from '../storage/postgres/postgres-group-commit';
import type { PostgresRoomStore } from '../storage/postgres/postgres-room-store';
import type { FannedOutUpdate, RoomFanOut, RoomSubscription } from './room-fan-out';
import { SeqOrderedRoomFeed } from './seq-ordered-room-feed';

export interface SharedRoomStorageOptions {
  readonly relayId: string;
  readonly postgres: PostgresRoomStore;
  readonly fanOut: RoomFanOut;
  readonly compaction: CompactionPolicy;
  /** Each commit batch: its size and how long PostgreSQL took (the relay's metrics). */
  readonly observeBatch?: (updates: number, seconds: number) => void;
  /** Counted for /metrics (ClusterMetrics). */
  readonly counters?: {
    readonly published: () => void;
    readonly publishFailed: () => void;
    readonly catchUpRead: () => void;
  };
  /** Something failed that the storage retries by itself (Redis, a catch-up read, a pass). */
  readonly onError: (error: unknown, what: string) => void;
  /** How often loaded rooms are read from PostgreSQL while Redis is failing (default 1 s). */
  readonly degradedCatchUpMs?: number;
  /**
   * How often every loaded room is read from PostgreSQL anyway (default 10 s): an update whose
   * relay died between its COMMIT and its XADD shows no gap until the room's next update.
   */
  readonly safetyCatchUpMs?: number;
  /** How often this relay runs a compaction pass (default 15 s; one worker per room at a time). */
  readonly compactionPassMs?: number;
}

/** Read from PostgreSQL for this long after Redis last failed (its stream may have lost entries). */
const DEGRADED_FOR_MS = 5_000;

/**
 * Shared mode's room storage (docs/RELAY.md, "Running several relays"): updates are committed to
 * PostgreSQL in group commits, and only then published on the room's Redis stream and handed to
 * the room, so a confirmation still means "durable". Each loaded room follows its stream through
 * a SeqOrderedRoomFeed, which fills any gap from PostgreSQL. While Redis fails, writes go on (they
 * are durable in PostgreSQL) and loaded rooms are read from PostgreSQL every second instead;
 * while PostgreSQL fails, writes fail and the room closes its members with StorageFailure.
 */
export class SharedRoomStorage implements RoomStorage {
  readonly compactRoom = null;
  readonly openRoomNow = null;
  private readonly commit: PostgresGroupCommit;
  private readonly feeds = new Map<string, SeqOrderedRoomFeed>();
  private redisFailedAt = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private lastSafetyCatchUp = Date.now();
  private compacting: Promise<unknown> | null = null;
  private catchingUp: Promise<unknown> | null = null;

  constructor(private readonly options: SharedRoomStorageOptions) {
    this.commit = new PostgresGroupCommit(options.postgres, {
      ...(options.observeBatch ? { observeBatch: options.observeBatch } : {}),
      onCallbackError: (error) => options.onError(error, 'a stored update’s callback'),
    });
    this.every(options.degradedCatchUpMs ?? 1_000, () => this.catchUpIfDue());
    this.every(options.compactionPassMs ?? 15_000, () => this.compactionPass());
  }

  /** Whether Redis failed in the last few seconds (for /healthz and the catch-up timer). */
  get redisDegraded(): boolean {
    return Date.now() - this.redisFailedAt < DEGRADED_FOR_MS;
  }

  /** Redis failed (a publish, or the fan-out's reads): read rooms from PostgreSQL for a while. */
  redisFailed(): void {
    this.redisFailedAt = Date.now();
  }

  /**
   * Subscribe first, then read, then feed from the read's seq: an update committed in between is
   * in the read (its stream entry is dropped as held) or in the stream, never in neither.
   */
  async openRoom(roomId: string, storedElsewhere: StoredElsewhere): Promise<OpenedRoom> {
    let feed: SeqOrderedRoomFeed | null = null;
    const early: FannedOutUpdate[] = [];
    const listener = (entry: FannedOutUpdate): void => {
      if (feed) feed.accept(entry);
      else early.push(entry);
    };
    const subscription = await this.subscribe(roomId, listener);
    let state;
    try {
      state = await this.options.postgres.loadRoomState(roomId);
    } catch (error) {
      subscription.unsubscribe();
      throw error;
    }
    feed = new SeqOrderedRoomFeed({
      roomId,
      afterSeq: state.lastSeq,
      reader: this.options.postgres,
      deliver: storedElsewhere,
      onError: (error) => this.options.onError(error, `catching up room ${roomId}`),
    });
    for (const entry of early) feed.accept(entry);
    const opened = feed;
    this.feeds.set(roomId, opened);
    return {
      state,
      close: () => {
        subscription.unsubscribe();
        if (this.feeds.get(roomId) === opened) this.feeds.delete(roomId);
      },
    };
  }

  enqueue(append: RoomAppend): void {
    this.commit.enqueue({
      ...append,
      onCommitted: (seq) => {
        this.publish(append.roomId, seq, append.update);
        append.onCommitted(seq);
      },
    });
  }

  flushPending(): void {
    // Commits run by themselves, one batch at a time; a snapshot here is the worker's job.
  }

  drain(): Promise<void> {
    return this.commit.flush();
  }

  /** Stops the timers and waits for a compaction pass in progress (shutdown). */
  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([this.compacting, this.catchingUp]);
  }

  /** From the stream's newest entry; while Redis is away, from its start once it is back. */
  private async subscribe(
    roomId: string,
    listener: (entry: FannedOutUpdate) => void,
  ): Promise<RoomSubscription> {
    try {
      return await this.options.fanOut.subscribe(roomId, listener);
    } catch (error) {
      this.redisFailed();
      this.options.onError(error, `subscribing to room ${roomId}`);
      // Entries the room's load already holds are dropped by the feed; PostgreSQL fills the rest.
      return this.options.fanOut.subscribe(roomId, listener, '0-0');
    }
  }

  private publish(roomId: string, seq: number, update: Uint8Array): void {
    const { counters } = this.options;
    this.options.fanOut.publish(roomId, seq, update).then(counters?.published, (error: unknown) => {
      // Stored in PostgreSQL already: other relays find it by the gap, or by catching up.
      counters?.publishFailed();
      this.redisFailed();
      this.options.onError(error, `publishing an update of room ${roomId}`);
    });
  }

  /**
   * Reads from PostgreSQL only the loaded rooms that are behind: one query asks every loaded
   * room's newest seq (`rooms.last_seq`), and only feeds short of it read their gap. Reading
   * every room each time put hundreds of transactions on the database at once every 10 s, and
   * held the relay's own commits behind them (docs/BENCHMARKS.md, section 11).
   */
  private catchUpIfDue(): void {
    const safety = this.options.safetyCatchUpMs ?? 10_000;
    if (this.catchingUp || this.feeds.size === 0) return;
    if (!this.redisDegraded && Date.now() - this.lastSafetyCatchUp < safety) return;
    this.lastSafetyCatchUp = Date.now();
    this.catchingUp = this.catchUpBehind()
      .catch((error: unknown) => this.options.onError(error, 'checking loaded rooms for gaps'))
      .finally(() => (this.catchingUp = null));
  }

  private async catchUpBehind(): Promise<void> {
    const newest = await this.options.postgres.lastSeqs([...this.feeds.keys()]);
    const behind = [...this.feeds].filter(
      ([roomId, feed]) => (newest.get(roomId) ?? 0) > feed.deliveredThrough,
    );
    await Promise.all(
      behind.map(([, feed]) => {
        this.options.counters?.catchUpRead();
        return feed.catchUp();
      }),
    );
  }

  private compactionPass(): void {
    if (this.compacting) return;
    const { postgres, relayId, compaction } = this.options;
    this.compacting = runCompactionPass(postgres, { holder: relayId, policy: compaction })
      .catch((error: unknown) => this.options.onError(error, 'a compaction pass'))
      .finally(() => (this.compacting = null));
  }

  private every(ms: number, work: () => void): void {
    const timer = setInterval(work, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
