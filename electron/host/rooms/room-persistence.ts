import * as Y from 'yjs';
import type { RoomRecord } from '../store/catalog-store';
import type { RoomStore } from '../store/room-store';

/** One update of the doc, as it was written to the room file. */
export interface StoredUpdate {
  /** The update as the doc emitted it. */
  update: Uint8Array;
  /** Its row in the log. */
  seq: number;
  /** The bytes written: the update, or the whole state when closing a gap left by a failure. */
  data: Uint8Array;
  /** Written as this machine's change: it waits for the relay's confirmation. */
  local: boolean;
  /** The change came from the relay, not from this machine. */
  fromRelay: boolean;
}

export interface RoomPersistenceOptions {
  store: RoomStore;
  /** Whether an update's origin is the relay connection (stored as remote, not pending). */
  isFromRelay: (origin: unknown) => boolean;
  /** Each stored update, before the "saved" listeners hear of it. */
  onStored: (stored: StoredUpdate) => void;
  /** A write failed (`saveError` is set); the room's status must say so. */
  onSaveFailed: () => void;
}

/**
 * Keeps one room's Y.Doc in its SQLite file: loads it, appends every update inside the doc's
 * `update` event (before any other listener sees it), and folds the log into the snapshot when it
 * grows past the store's limits.
 *
 * A failed append sets `saveError`, holds back `savedStateVector()`, and makes `edit()` throw, so
 * nothing reports the change saved.
 */
export class RoomPersistence {
  private saveErrorMessage: string | null = null;
  private saveFailures = 0;
  private savedVector: Uint8Array;
  private compactionScheduled = false;
  private closed = false;
  private readonly savedListeners = new Set<(update: Uint8Array) => void>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly options: RoomPersistenceOptions,
  ) {
    const state = options.store.loadState();
    Y.transact(doc, () => {
      if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
      for (const update of state.updates) Y.applyUpdate(doc, update);
    });
    this.savedVector = Y.encodeStateVector(doc);
  }

  /** Starts appending; call before anything else listens to the doc, so the append runs first. */
  start(): void {
    this.doc.on('update', this.onDocUpdate);
    // A log left long (the app stopped before its last compaction ran) is folded right after the
    // open, as during editing, not inside it: the room is readable as soon as its doc is.
    this.scheduleCompaction();
  }

  get saveError(): string | null {
    return this.saveErrorMessage;
  }

  /**
   * Runs an edit and throws what `failed` builds if any change it made could not be written to
   * disk. The change stays in memory and is written with the next successful append.
   */
  edit<T>(change: () => T, failed: (message: string) => Error): T {
    const failuresBefore = this.saveFailures;
    const result = change();
    if (this.saveFailures !== failuresBefore) {
      throw failed(this.saveErrorMessage ?? 'A change could not be saved to disk.');
    }
    return result;
  }

  /** State vector of what is durably stored. */
  savedStateVector(): Uint8Array {
    return this.savedVector;
  }

  onSaved(listener: (update: Uint8Array) => void): () => void {
    this.savedListeners.add(listener);
    return () => this.savedListeners.delete(listener);
  }

  /**
   * The room file keeps a copy of its record (to rebuild the room list from). Rewriting an
   * unchanged one would cost a durable commit, an fsync, on every open of the room.
   */
  saveRecord(record: RoomRecord): void {
    const json = JSON.stringify(record);
    if (this.options.store.getSetting('record') !== json)
      this.options.store.setSetting('record', json);
  }

  /** Folds the update log into the snapshot now (normally automatic past the limits). */
  compactNow(): void {
    this.options.store.compact(this.liveStateForCompaction());
  }

  /** Stops appending and closes the file. */
  close(): void {
    this.closed = true;
    this.doc.off('update', this.onDocUpdate);
    this.options.store.close();
    this.savedListeners.clear();
  }

  /**
   * The document's state, when it is exactly what the file holds plus nothing unsaved: after a
   * failed append the doc is ahead of the file, and the file's own bytes are the safe source.
   */
  private liveStateForCompaction(): Uint8Array | undefined {
    return this.saveErrorMessage === null ? Y.encodeStateAsUpdate(this.doc) : undefined;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    const fromRelay = this.options.isFromRelay(origin);
    // After a failed append, later updates build on structs the file lacks and would load as
    // unreadable pending structs: store the whole state once to close the gap.
    const healing = this.saveErrorMessage !== null;
    const data = healing ? Y.encodeStateAsUpdate(this.doc) : update;
    let seq: number;
    try {
      seq = this.options.store.appendUpdate(data, fromRelay && !healing ? 'remote' : 'local');
    } catch (error) {
      // Never throw from here: Yjs leaves its transaction bookkeeping half done when an update
      // listener throws, and the doc then stops emitting updates at all (nothing saved or sent).
      // `edit()` turns the failure into an exception once Yjs is done.
      this.saveErrorMessage = error instanceof Error ? error.message : String(error);
      this.saveFailures += 1;
      this.options.onSaveFailed();
      return;
    }
    this.saveErrorMessage = null;
    this.savedVector = Y.encodeStateVector(this.doc);
    this.options.onStored({ update, seq, data, local: !fromRelay || healing, fromRelay });
    for (const listener of this.savedListeners) listener(update);
    this.scheduleCompaction();
  };

  private scheduleCompaction(): void {
    if (this.compactionScheduled || !this.options.store.needsCompaction()) return;
    this.compactionScheduled = true;
    // Off the update handler: folding a large log must not delay the keystroke that crossed the limit.
    setImmediate(() => {
      this.compactionScheduled = false;
      if (!this.closed && this.options.store.needsCompaction()) {
        this.options.store.compact(this.liveStateForCompaction());
      }
    });
  }
}
