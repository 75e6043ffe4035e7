import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Presence, PresencePeer, RoomStatus } from '../../../shared/channel/host-events';
import { migrateToFormat2 } from '../../../shared/ops/migrate-format';
import type { KnownRelays, RelayLink, RoomRecord } from '../store/catalog-store';
import type { RoomStore } from '../store/room-store';
import { AppendFailedError } from '../store/store-errors';
import type { BackoffPolicy } from '../sync/backoff';
import { FirstScreenKeeper } from './first-screen';
import { RoomPresence } from './presence';
import { RelaySync } from './relay-sync';
import { RoomClock } from './room-clock';
import { RoomPersistence, type StoredUpdate } from './room-persistence';
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
  /** See RelaySyncOptions.createOnRelay. */
  createOnRelay?: (link: RelayLink) => Promise<boolean>;
  /** See RelaySyncOptions.knownRelays. */
  knownRelays?: KnownRelays;
  /** How long after a change the room's first screen is rewritten (FIRST_SCREEN_WRITE_DELAY_MS). */
  firstScreenDelayMs?: number;
}

type Listener<T> = (value: T) => void;

/**
 * One open room on this machine: its Y.Doc, durably backed by the room's SQLite file
 * (RoomPersistence), and, when the room lives on a relay, the sync connection and what the relay
 * confirmed (RelaySync), the clock offset (RoomClock) and who is here (RoomPresence). This class
 * wires them together in the one order that keeps "saved means on disk" true, and states the
 * room's status honestly.
 */
export class RoomSession {
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  private record: RoomRecord;
  private readonly persistence: RoomPersistence;
  private readonly relaySync: RelaySync;
  private readonly clock: RoomClock;
  private readonly presence: RoomPresence;
  private readonly firstScreen: FirstScreenKeeper;
  private closed = false;
  private readonly statusListeners = new Set<Listener<RoomStatus>>();
  private readonly localChangeListeners = new Set<() => void>();

  constructor(private readonly options: RoomSessionOptions) {
    this.record = options.record;
    const store = options.store;
    const isClosed = () => this.closed;
    this.persistence = new RoomPersistence(this.doc, {
      store,
      isFromRelay: (origin) => this.relaySync.isFromRelay(origin),
      onStored: this.onStored,
      onSaveFailed: () => this.emitStatus(),
    });
    this.clock = new RoomClock({
      store,
      measure: options.measureClock !== false,
      ...(options.wallClock ? { wallClock: options.wallClock } : {}),
      onEstimate: () => this.emitStatus(),
      isClosed,
    });
    this.persistence.saveRecord(this.record);
    this.firstScreen = new FirstScreenKeeper(
      this.doc,
      store,
      () => this.persistence.saveError === null,
      options.firstScreenDelayMs,
    );
    // Started before the relay connection exists, so the append always runs first.
    this.persistence.start();
    this.presence = new RoomPresence(this.doc);
    this.awareness = this.presence.awareness;
    this.relaySync = new RelaySync({
      store,
      doc: this.doc,
      awareness: this.awareness,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      // The relay that serves the room now, which is not always the room's own.
      onLive: (relayUrl) => this.clock.measure(relayUrl),
      onChange: () => this.emitStatus(),
      isClosed,
      ...(options.createOnRelay ? { createOnRelay: options.createOnRelay } : {}),
      ...(options.knownRelays ? { knownRelays: options.knownRelays } : {}),
    });
    if (this.record.relay) this.attachRelay(this.record.relay);
    else this.upgradeFormat();
  }

  get localId(): string {
    return this.record.localId;
  }

  get roomRecord(): RoomRecord {
    return this.record;
  }

  /** This machine's clock minus the relay's, in ms; 0 until measured. Pass it to the ops. */
  get clockOffsetMs(): number {
    return this.clock.offsetMs;
  }

  /**
   * The relay the room is live on: its own, or another its relays advertised (when its own is
   * away); null when not live.
   */
  get liveRelayUrl(): string | null {
    const link = this.relaySync.linkState;
    return link?.kind === 'live' ? link.relayUrl : null;
  }

  /** Whether the offset was ever measured against this room's relay. */
  get hasClockEstimate(): boolean {
    return this.clock.hasEstimate;
  }

  /** The relay's idea of now (ms since epoch): use it for recorded and event times. */
  now(): number {
    return this.clock.now();
  }

  status(): RoomStatus {
    const confirmedAt = this.relaySync.lastConfirmedAt;
    return {
      roomId: this.record.localId,
      ...linkStatus(this.relaySync.linkState),
      pendingToRelay: this.relaySync.pendingCount,
      clockOffsetMs: this.clock.offsetMs,
      lastConfirmedAt: confirmedAt === null ? null : new Date(confirmedAt).toISOString(),
      saveError: this.persistence.saveError,
    };
  }

  onStatus(listener: Listener<RoomStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onPresence(listener: Listener<PresencePeer[]>): () => void {
    return this.presence.onChange(listener);
  }

  /**
   * Runs an edit (typically a shared/ops call on `doc`) and throws `AppendFailedError` if any
   * change it made could not be written to disk. The change stays in memory and is written with
   * the next successful append, but the person must not be told it is saved.
   */
  edit<T>(change: () => T): T {
    return this.persistence.edit(change, (message) => new AppendFailedError(message));
  }

  /** State vector of what is durably stored: the renderer's "saved" marker may not pass it. */
  savedStateVector(): Uint8Array {
    return this.persistence.savedStateVector();
  }

  /** Called after each update is durably stored, with that update (for "saved" indicators). */
  onSaved(listener: Listener<Uint8Array>): () => void {
    return this.persistence.onSaved(listener);
  }

  /** Called after a change made on this machine is durably stored (not for the relay's). */
  onLocalChange(listener: () => void): () => void {
    this.localChangeListeners.add(listener);
    return () => this.localChangeListeners.delete(listener);
  }

  setPresence(presence: Presence): void {
    this.presence.set(presence);
  }

  peers(): PresencePeer[] {
    return this.presence.peers();
  }

  /** Retry the relay now (network back, resume from sleep, "retry" pressed). */
  reconnectNow(): void {
    this.relaySync.reconnectNow();
  }

  /** Starts syncing with a relay: on open for relay rooms, or when a local-only room is published. */
  attachRelay(link: RelayLink): void {
    if (this.closed) return;
    this.record = { ...this.record, relay: link };
    this.persistence.saveRecord(this.record);
    this.relaySync.attach(link);
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
    this.persistence.compactNow();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // The others hear that this machine left while the connection can still tell them.
    this.presence.leave();
    this.relaySync.stop();
    // Written while the file is still open, and after the last change was appended to it.
    this.firstScreen.close();
    this.persistence.close();
    this.presence.close();
    this.doc.destroy();
    this.statusListeners.clear();
    this.localChangeListeners.clear();
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

  /**
   * A local-only room still in document format 1 moves to format 2 when it opens (docs/FORMAT.md).
   * A relay's room is moved by its relay, which every host then receives.
   */
  private upgradeFormat(): void {
    try {
      this.edit(() => migrateToFormat2(this.doc));
    } catch (error) {
      // Kept in memory and written with the next append, as any edit; readers read both formats.
      if (!(error instanceof AppendFailedError)) throw error;
    }
  }

  private readonly onStored = (stored: StoredUpdate): void => {
    this.firstScreen.noteStored();
    if (stored.local) {
      this.relaySync.track(stored.seq, stored.data);
      this.emitStatus();
    }
    if (!stored.fromRelay) for (const listener of this.localChangeListeners) listener();
  };

  private emitStatus(): void {
    if (this.closed) return;
    const status = this.status();
    for (const listener of this.statusListeners) listener(status);
  }
}
