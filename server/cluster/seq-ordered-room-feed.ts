import type { RoomStateAfter, SequencedUpdate } from '../storage/postgres/postgres-room-store';
import type { FannedOutUpdate } from './room-fan-out';

/** Where a feed reads what the fan-out did not bring (PostgresRoomStore implements it). */
export interface RoomLogReader {
  loadRoomAfter(roomId: string, afterSeq: number): Promise<RoomStateAfter>;
}

export interface SeqOrderedRoomFeedOptions {
  readonly roomId: string;
  /** The seq this relay's copy of the room already holds (its load's `lastSeq`). */
  readonly afterSeq: number;
  readonly reader: RoomLogReader;
  /**
   * Receives the room's updates in seq order, each once. A batch read from PostgreSQL may start
   * with the room's snapshot (as an update whose seq is the last one it covers): applying a
   * snapshot to a document that has part of it is harmless in Yjs.
   */
  readonly deliver: (updates: readonly SequencedUpdate[]) => void;
  /** A read from PostgreSQL failed; the feed tries again with the next entry or `catchUp()`. */
  readonly onError?: (error: unknown) => void;
}

/**
 * One room's updates from every relay in seq order, exactly once: the Redis stream's entries
 * (`accept`), with whatever they skip read from PostgreSQL. Seqs are gapless per room and an
 * update is published only after its COMMIT, which comes after every lower seq's, so seeing N+2
 * after N means N+1 is in PostgreSQL now (or in the snapshot, if compacted). That covers a relay
 * killed between its COMMIT and its XADD, a trimmed stream and a Redis that lost entries; an
 * update no later entry reveals is found by `catchUp()` (on reconnect, or on a timer).
 *
 * Order when a relay loads a room: subscribe to the room's stream first, then load the room from
 * PostgreSQL, then make the feed with the load's `lastSeq`. An update committed in between is
 * then in the load (its stream entry is dropped as already held) or in the stream, never in
 * neither.
 */
export class SeqOrderedRoomFeed {
  private lastSeq: number;
  /** Entries that arrived ahead of a gap, by seq, until the gap is read. */
  private readonly ahead = new Map<number, Uint8Array>();
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly options: SeqOrderedRoomFeedOptions) {
    this.lastSeq = options.afterSeq;
  }

  /** The newest seq delivered. */
  get deliveredThrough(): number {
    return this.lastSeq;
  }

  /** A stream entry of this room (the fan-out listener calls this). */
  accept(entry: FannedOutUpdate): void {
    if (entry.seq <= this.lastSeq) return;
    this.ahead.set(entry.seq, entry.update);
    void this.enqueue(() => this.drain());
  }

  /** Reads and delivers whatever PostgreSQL has after the last delivered seq. */
  catchUp(): Promise<void> {
    return this.enqueue(() => this.fill());
  }

  /** Runs steps one at a time, in order, so deliveries never interleave. */
  private enqueue(step: () => Promise<void> | void): Promise<void> {
    const next = this.work.then(step).catch((error: unknown) => this.options.onError?.(error));
    this.work = next;
    return next;
  }

  /** Delivers the entries that continue the sequence; reads the gap first if there is one. */
  private async drain(): Promise<void> {
    this.deliverContiguous();
    if (this.ahead.size > 0) {
      await this.fill();
      this.deliverContiguous();
    }
  }

  private deliverContiguous(): void {
    const run: SequencedUpdate[] = [];
    for (let seq = this.lastSeq + 1; this.ahead.has(seq); seq += 1) {
      run.push({ seq, data: this.ahead.get(seq)! });
      this.ahead.delete(seq);
    }
    this.forgetBehind();
    if (run.length === 0) return;
    this.lastSeq = run.at(-1)!.seq;
    this.options.deliver(run);
  }

  private async fill(): Promise<void> {
    const state = await this.options.reader.loadRoomAfter(this.options.roomId, this.lastSeq);
    const batch: SequencedUpdate[] = [];
    if (state.snapshot) batch.push({ seq: state.snapshotThroughSeq, data: state.snapshot });
    batch.push(...state.updates.filter((update) => update.seq > this.lastSeq));
    if (batch.length === 0 || state.lastSeq <= this.lastSeq) return;
    this.lastSeq = state.lastSeq;
    this.forgetBehind();
    this.options.deliver(batch);
  }

  private forgetBehind(): void {
    for (const seq of this.ahead.keys()) if (seq <= this.lastSeq) this.ahead.delete(seq);
  }
}
