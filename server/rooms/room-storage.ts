import type { SequencedUpdate } from '../storage/postgres/postgres-room-store';
import type { StoredRoomState, UpdateToAppend } from '../storage/relay-store';

/** One update on its way to storage, with what the room does once it is stored (or not). */
export interface RoomAppend extends UpdateToAppend {
  /** Runs after the update is durable, with its sequence number in the room's log. */
  readonly onCommitted: (seq: number) => void;
  /** Runs when the update could not be stored; nothing may be told it was saved. */
  readonly onFailed: (error: unknown) => void;
}

/** A room opened from storage: its state, and the end of its feed of other relays' updates. */
export interface OpenedRoom {
  readonly state: StoredRoomState;
  /** Stops the feed (the room unloads). Called detached: the registry keeps only this. */
  readonly close: (this: void) => void;
}

/** Updates another relay stored, in seq order, each once (shared mode). */
export type StoredElsewhere = (updates: readonly SequencedUpdate[]) => void;

/**
 * Where the rooms' documents are kept, as a loaded Room sees it: the embedded relay's SQLite
 * file (`SqliteRoomStorage`) or, in shared mode, PostgreSQL with Redis carrying updates between
 * relays (`SharedRoomStorage`). Either way an update is confirmed, fanned out or answered only
 * after `onCommitted`: "acknowledged" means "durable" in both.
 */
export interface RoomStorage {
  /**
   * Reads the room's stored state. In shared mode `storedElsewhere` then receives what other
   * relays store for the room from the moment of the read on, until `close()`.
   */
  openRoom(roomId: string, storedElsewhere: StoredElsewhere): Promise<OpenedRoom>;
  /**
   * The same, synchronously, where the store can (SQLite; null in shared mode): there
   * `RoomRegistry.acquire` loads a room within the call.
   */
  readonly openRoomNow: ((roomId: string) => OpenedRoom) | null;
  /** Queues an update; it is committed with the others of this event-loop turn. */
  enqueue(append: RoomAppend): void;
  /**
   * Commits what is queued now where the store can do that synchronously (SQLite, before a
   * snapshot); shared mode's commits run by themselves and this does nothing.
   */
  flushPending(): void;
  /**
   * Replaces the room's log up to `throughSeq` by `snapshot`; null where a separate worker
   * compacts (shared mode: one relay at a time, under a lease in PostgreSQL).
   */
  readonly compactRoom: ((roomId: string, snapshot: Uint8Array, throughSeq: number) => void) | null;
  /** Resolves once everything queued so far is committed or failed (shutdown). */
  drain(): Promise<void>;
}
