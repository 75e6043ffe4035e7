import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type ClockEstimate, measureClockOffset } from '../clock/clock-offset';
import type { RelayLink, RoomRecord } from '../store/catalog-store';
import type { RoomStore } from '../store/room-store';
import { AppendFailedError } from '../store/store-errors';
import type { BackoffPolicy } from '../sync/backoff';
import { type LinkState, RelayConnection } from '../sync/relay-connection';
import { type RelayKnowledge, isCoveredByRelay, isDeleteOnly } from '../sync/relay-coverage';
import type { Presence, PresencePeer, RoomStatus } from '../../../shared/channel/host-events';
import { readPresence } from './presence';
import { linkStatus } from './room-status';

export interface RoomSessionOptions {
  record: RoomRecord;
  store: RoomStore;
  backoff?: BackoffPolicy;
  /** Measure the clock offset to the relay each time the room goes live (default true). */
  measureClock?: boolean;
  /** This machine's wall clock; injectable so tests can play a laptop whose clock is wrong. */
  wallClock?: () => number;
  onClose?: () => void;
}

interface PendingUpdate {
  data: Uint8Array;
  deleteOnly: boolean;
}

type Listener<T> = (value: T) => void;

const CLOCK_SETTING = 'clock';
const OFFLINE_SINCE_SETTING = 'offlineSince';

/**
 * One open room on this machine: its Y.Doc, durably backed by the room's SQLite file, and (when
 * the room lives on a relay) the sync connection, awareness, honest status and clock offset.
 *
 * Every update of the doc is appended to SQLite inside the doc's `update` event, before any other
 * listener (the relay connection, the renderer channel) sees it. A failed append sets
 * `status().saveError`, holds back `savedStateVector()`, and makes `edit()` throw, so nothing
 * reports the change saved.
 */
export class RoomSession {
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  private record: RoomRecord;
  private connection: RelayConnection | null = null;
  private readonly pending = new Map<number, PendingUpdate>();
  private readonly relay: RelayKnowledge = { stateVector: new Map(), deleteSet: null };
  private lastConfirmedAt: number | null = null;
  private clock: ClockEstimate | null = null;
  private clockMeasuring = false;
  private awaitingRelayState = false;
  private saveError: string | null = null;
  private saveFailures = 0;
  private savedVector: Uint8Array = new Uint8Array([0]);
  private compactionScheduled = false;
  private closed = false;
  private readonly statusListeners = new Set<Listener<RoomStatus>>();
  private readonly presenceListeners = new Set<Listener<PresencePeer[]>>();
  private readonly savedListeners = new Set<Listener<Uint8Array>>();

  constructor(private readonly options: RoomSessionOptions) {
    this.record = options.record;
    const store = options.store;
    const state = store.loadState();
    Y.transact(this.doc, () => {
      if (state.snapshot) Y.applyUpdate(this.doc, state.snapshot);
      for (const update of state.updates) Y.applyUpdate(this.doc, update);
    });
    for (const row of store.unconfirmedUpdates()) {
      this.pending.set(row.seq, { data: row.data, deleteOnly: isDeleteOnly(row.data) });
    }
    const confirmed = store.confirmedStateVector();
    if (confirmed) {
      this.relay.stateVector = Y.decodeStateVector(confirmed.stateVector);
      this.lastConfirmedAt = confirmed.confirmedAt;
    }
    const savedClock = store.getSetting(CLOCK_SETTING);
    if (savedClock !== null) this.clock = JSON.parse(savedClock) as ClockEstimate;
    this.saveRecord();
    this.savedVector = Y.encodeStateVector(this.doc);

    // Registered before the relay connection exists, so the append always runs first.
    this.doc.on('update', this.onDocUpdate);
    this.awareness = new Awareness(this.doc);
    this.awareness.on('change', this.onAwarenessChange);
    if (this.record.relay) this.attachRelay(this.record.relay);
    // A log left long (the app stopped before its last compaction ran) is folded right after the
    // open, as during editing, not inside it: the room is readable as soon as its doc is.
    this.scheduleCompaction();
  }

  get localId(): string {
    return this.record.localId;
  }

  get roomRecord(): RoomRecord {
    return this.record;
  }

  /** This machine's clock minus the relay's, in ms; 0 until measured. Pass it to the ops. */
  get clockOffsetMs(): number {
    return this.clock?.offsetMs ?? 0;
  }

  /** Whether the offset was ever measured against this room's relay. */
  get hasClockEstimate(): boolean {
    return this.clock !== null;
  }

  /** The relay's idea of now (ms since epoch): use it for recorded and event times. */
  now(): number {
    return (this.options.wallClock ?? Date.now)() - this.clockOffsetMs;
  }

  status(): RoomStatus {
    return {
      roomId: this.record.localId,
      ...linkStatus(this.connection?.linkState ?? null),
      pendingToRelay: this.pending.size,
      clockOffsetMs: this.clockOffsetMs,
      lastConfirmedAt:
        this.lastConfirmedAt === null ? null : new Date(this.lastConfirmedAt).toISOString(),
      saveError: this.saveError,
    };
  }

  onStatus(listener: Listener<RoomStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onPresence(listener: Listener<PresencePeer[]>): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  /**
   * Runs an edit (typically a shared/ops call on `doc`) and throws `AppendFailedError` if any
   * change it made could not be written to disk. The change stays in memory and is written with
   * the next successful append, but the person must not be told it is saved.
   */
  edit<T>(change: () => T): T {
    const failuresBefore = this.saveFailures;
    const result = change();
    if (this.saveFailures !== failuresBefore) {
      throw new AppendFailedError(this.saveError ?? 'A change could not be saved to disk.');
    }
    return result;
  }

  /** State vector of what is durably stored: the renderer's "saved" marker may not pass it. */
  savedStateVector(): Uint8Array {
    return this.savedVector;
  }

  /** Called after each update is durably stored, with that update (for "saved" indicators). */
  onSaved(listener: Listener<Uint8Array>): () => void {
    this.savedListeners.add(listener);
    return () => this.savedListeners.delete(listener);
  }

  setPresence(presence: Presence): void {
    // Editor bindings (y-codemirror.next) colour remote carets from `color`/`colorLight`.
    this.awareness.setLocalStateField('user', {
      ...presence,
      color: presence.colour,
      colorLight: `${presence.colour}33`,
    });
  }

  peers(): PresencePeer[] {
    const peers: PresencePeer[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      const presence = readPresence(state);
      if (presence) peers.push({ ...presence, clientId, self: clientId === this.doc.clientID });
    }
    return peers;
  }

  /** Retry the relay now (network back, resume from sleep, "retry" pressed). */
  reconnectNow(): void {
    this.connection?.reconnectNow();
  }

  /** Starts syncing with a relay: on open for relay rooms, or when a local-only room is published. */
  attachRelay(link: RelayLink): void {
    if (this.closed) return;
    this.connection?.stop();
    this.record = { ...this.record, relay: link };
    this.saveRecord();
    this.connection = new RelayConnection({
      relayUrl: link.url,
      roomId: link.roomId,
      key: link.key,
      doc: this.doc,
      awareness: this.awareness,
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      offlineSince: Number(this.options.store.getSetting(OFFLINE_SINCE_SETTING)) || null,
      onState: this.onLinkState,
      onConfirmed: this.onConfirmed,
      onRelayState: this.onRelayState,
    });
    this.connection.start();
    this.emitStatus();
  }

  /** Resolves once the room is live, or rejects after the timeout. */
  whenLive(timeoutMs = 30_000): Promise<void> {
    return this.waitForStatus((status) => status.connection === 'live', 'live', timeoutMs);
  }

  /** Resolves once the relay confirmed every local change stored here. */
  whenAllConfirmed(timeoutMs = 30_000): Promise<void> {
    return this.waitForStatus(
      (status) => status.connection === 'live' && status.pendingToRelay === 0,
      'all changes confirmed by the relay',
      timeoutMs,
    );
  }

  /** Folds the update log into the snapshot now (normally automatic past the limits). */
  compactNow(): void {
    this.options.store.compact(this.liveStateForCompaction());
  }

  /**
   * The document's state, when it is exactly what the file holds plus nothing unsaved: after a
   * failed append the doc is ahead of the file, and the file's own bytes are the safe source.
   */
  private liveStateForCompaction(): Uint8Array | undefined {
    return this.saveError === null ? Y.encodeStateAsUpdate(this.doc) : undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'closed');
    this.connection?.stop();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('change', this.onAwarenessChange);
    this.awareness.destroy();
    this.options.store.close();
    this.doc.destroy();
    this.statusListeners.clear();
    this.presenceListeners.clear();
    this.savedListeners.clear();
    this.options.onClose?.();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private waitForStatus(
    test: (status: RoomStatus) => boolean,
    what: string,
    timeoutMs: number,
  ): Promise<void> {
    if (test(this.status())) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(
          new Error(
            `Room ${this.localId} not ${what} after ${timeoutMs} ms: ${JSON.stringify(this.status())}`,
          ),
        );
      }, timeoutMs);
      const unsubscribe = this.onStatus((status) => {
        if (!test(status)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
    });
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    const fromRelay = this.connection !== null && origin === this.connection.provider;
    // After a failed append, later updates build on structs the file lacks and would load as
    // unreadable pending structs: store the whole state once to close the gap.
    const healing = this.saveError !== null;
    const toStore = healing ? Y.encodeStateAsUpdate(this.doc) : update;
    let seq: number;
    try {
      seq = this.options.store.appendUpdate(toStore, fromRelay && !healing ? 'remote' : 'local');
    } catch (error) {
      // Never throw from here: Yjs leaves its transaction bookkeeping half done when an update
      // listener throws, and the doc then stops emitting updates at all (nothing saved or sent).
      // `edit()` turns the failure into an exception once Yjs is done.
      this.saveError = error instanceof Error ? error.message : String(error);
      this.saveFailures += 1;
      this.emitStatus();
      return;
    }
    this.saveError = null;
    this.savedVector = Y.encodeStateVector(this.doc);
    if (!fromRelay || healing) {
      this.pending.set(seq, { data: toStore, deleteOnly: isDeleteOnly(toStore) });
      this.emitStatus();
    }
    for (const listener of this.savedListeners) listener(update);
    this.scheduleCompaction();
  };

  /**
   * The room file keeps a copy of its record (to rebuild the room list from). Rewriting an
   * unchanged one would cost a durable commit, an fsync, on every open of the room.
   */
  private saveRecord(): void {
    const record = JSON.stringify(this.record);
    if (this.options.store.getSetting('record') !== record)
      this.options.store.setSetting('record', record);
  }

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

  private readonly onLinkState = (state: LinkState): void => {
    // An answer asked for on a lost connection never comes; the next confirmation asks again.
    if (state.kind !== 'live') this.awaitingRelayState = false;
    if (state.kind === 'live') {
      this.options.store.deleteSetting(OFFLINE_SINCE_SETTING);
      this.measureClock();
    } else if (
      state.kind === 'offline' &&
      this.options.store.getSetting(OFFLINE_SINCE_SETTING) === null
    ) {
      this.options.store.setSetting(OFFLINE_SINCE_SETTING, String(state.since));
    }
    this.emitStatus();
  };

  private readonly onConfirmed = (stateVector: Uint8Array): void => {
    if (this.closed) return;
    this.relay.stateVector = Y.decodeStateVector(stateVector);
    this.lastConfirmedAt = Date.now();
    const covered = this.coveredPending();
    this.options.store.recordConfirmed(stateVector, covered);
    for (const seq of covered) this.pending.delete(seq);
    // Deletes leave no trace in a state vector: ask the relay for its delete set to settle them.
    if (!this.awaitingRelayState && [...this.pending.values()].some((entry) => entry.deleteOnly)) {
      this.awaitingRelayState = this.connection?.requestRelayState() ?? false;
    }
    this.emitStatus();
  };

  private readonly onRelayState = (update: Uint8Array): void => {
    if (this.closed) return;
    this.awaitingRelayState = false;
    if (![...this.pending.values()].some((entry) => entry.deleteOnly)) return;
    this.relay.deleteSet = Y.decodeUpdate(update).ds;
    const covered = this.coveredPending().filter((seq) => this.pending.get(seq)?.deleteOnly);
    if (covered.length === 0) return;
    const confirmed = this.options.store.confirmedStateVector();
    if (confirmed) this.options.store.recordConfirmed(confirmed.stateVector, covered);
    for (const seq of covered) this.pending.delete(seq);
    this.emitStatus();
  };

  private coveredPending(): number[] {
    const covered: number[] = [];
    for (const [seq, entry] of this.pending)
      if (isCoveredByRelay(entry.data, this.relay)) covered.push(seq);
    return covered;
  }

  private measureClock(): void {
    const link = this.record.relay;
    if (this.options.measureClock === false || link === null || this.clockMeasuring) return;
    this.clockMeasuring = true;
    measureClockOffset(
      link.url,
      this.options.wallClock ? { wallClock: this.options.wallClock } : {},
    )
      .then((estimate) => {
        if (estimate === null || this.closed) return;
        this.clock = estimate;
        this.options.store.setSetting(CLOCK_SETTING, JSON.stringify(estimate));
        this.emitStatus();
      })
      .catch(() => {
        // Keep the previous estimate; the next time the room goes live we measure again.
      })
      .finally(() => {
        this.clockMeasuring = false;
      });
  }

  private readonly onAwarenessChange = (): void => {
    const peers = this.peers();
    for (const listener of this.presenceListeners) listener(peers);
  };

  private emitStatus(): void {
    if (this.closed) return;
    const status = this.status();
    for (const listener of this.statusListeners) listener(status);
  }
}
