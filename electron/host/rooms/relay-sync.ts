import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/protocol/close-codes';
import type { KnownRelays, RelayLink } from '../store/catalog-store';
import type { RoomStore } from '../store/room-store';
import type { BackoffPolicy } from '../sync/backoff';
import { type LinkState, RelayConnection } from '../sync/relay-connection';
import { type RelayKnowledge, isCoveredByRelay, isDeleteOnly } from '../sync/relay-coverage';

const OFFLINE_SINCE_SETTING = 'offlineSince';

interface PendingUpdate {
  data: Uint8Array;
  deleteOnly: boolean;
}

export interface RelaySyncOptions {
  store: RoomStore;
  doc: Y.Doc;
  awareness: Awareness;
  backoff?: BackoffPolicy;
  /** The link went live on that relay (a good moment to measure the clock against it). */
  onLive: (relayUrl: string) => void;
  /** Anything the room's status shows changed: link state, pending count, confirmations. */
  onChange: () => void;
  isClosed: () => boolean;
  /**
   * The relay has no such room, and this machine chose the room's id and keys (it holds both):
   * create it there with them (a relay answers a repeat with the same room) and say whether it
   * now exists. Without this hook, an unknown room stays refused.
   */
  createOnRelay?: (link: RelayLink) => Promise<boolean>;
  /** Where the alternates each relay advertised are kept, so a restarted host knows them. */
  knownRelays?: KnownRelays;
}

/**
 * A room's side of the relay: the connection (when the room lives on one) and the local changes
 * the relay has not confirmed storing yet, kept in the room file until its `MESSAGE_CONFIRMED`
 * state vector (or, for deletes, its delete set) covers them. Local-only rooms count them too:
 * publishing the room sends them all.
 */
export class RelaySync {
  private connection: RelayConnection | null = null;
  private readonly pending = new Map<number, PendingUpdate>();
  private readonly relay: RelayKnowledge = { stateVector: new Map(), deleteSet: null };
  private confirmedAt: number | null = null;
  private awaitingRelayState = false;
  private link: RelayLink | null = null;
  /** The link whose room this machine already tried to create on the relay (once per attach). */
  private createdFor: RelayLink | null = null;

  constructor(private readonly options: RelaySyncOptions) {
    for (const row of options.store.unconfirmedUpdates()) this.track(row.seq, row.data);
    const confirmed = options.store.confirmedStateVector();
    if (confirmed) {
      this.relay.stateVector = Y.decodeStateVector(confirmed.stateVector);
      this.confirmedAt = confirmed.confirmedAt;
    }
  }

  /** The connection's state; null for a local-only room. */
  get linkState(): LinkState | null {
    return this.connection?.linkState ?? null;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** When the relay last confirmed what it stores (ms since epoch), null before the first time. */
  get lastConfirmedAt(): number | null {
    return this.confirmedAt;
  }

  /** Whether a doc update came from the relay (it needs no confirmation). */
  isFromRelay(origin: unknown): boolean {
    return this.connection !== null && origin === this.connection.provider;
  }

  /** A local change stored in the room file (row `seq`): it waits for the relay's confirmation. */
  track(seq: number, data: Uint8Array): void {
    this.pending.set(seq, { data, deleteOnly: isDeleteOnly(data) });
  }

  /** Connects to the relay (again, with a new link after a fresh invite or a publish). */
  attach(link: RelayLink): void {
    this.connection?.stop();
    this.link = link;
    this.connection = new RelayConnection({
      relayUrl: link.url,
      roomId: link.roomId,
      key: link.key,
      doc: this.options.doc,
      awareness: this.options.awareness,
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      alternates: this.options.knownRelays?.alternatesOf(link.url) ?? [],
      onAlternatesLearned: (alternates) => this.rememberAlternates(link.url, alternates),
      offlineSince: Number(this.options.store.getSetting(OFFLINE_SINCE_SETTING)) || null,
      onState: this.onLinkState,
      onConfirmed: this.onConfirmed,
      onRelayState: this.onRelayState,
    });
    this.connection.start();
  }

  reconnectNow(): void {
    this.connection?.reconnectNow();
  }

  stop(): void {
    this.connection?.stop();
  }

  private readonly onLinkState = (state: LinkState): void => {
    const store = this.options.store;
    // An answer asked for on a lost connection never comes; the next confirmation asks again.
    if (state.kind !== 'live') this.awaitingRelayState = false;
    if (state.kind === 'live') {
      store.deleteSetting(OFFLINE_SINCE_SETTING);
      this.options.onLive(state.relayUrl);
    } else if (state.kind === 'offline' && store.getSetting(OFFLINE_SINCE_SETTING) === null) {
      // Kept in the room file: "offline since" means since the relay was last seen, also across a restart.
      store.setSetting(OFFLINE_SINCE_SETTING, String(state.since));
    } else if (state.kind === 'refused' && state.code === CloseCode.RoomNotFound) {
      this.createUnknownRoom();
    }
    this.options.onChange();
  };

  private rememberAlternates(relayUrl: string, alternates: readonly string[]): void {
    try {
      this.options.knownRelays?.rememberAlternates(relayUrl, alternates);
    } catch {
      // The connection already uses the list; only a restart while this relay is dead misses
      // it, and the relay's next answer offers it again. Not worth breaking the room's sync.
    }
  }

  /**
   * A room made on this machine while its relay was away (e.g. `declare --data`) with an id and
   * both keys chosen here is unknown to the relay until someone creates it there: do so once,
   * then connect again. A room joined by invite holds one key and stays refused, as it should.
   */
  private createUnknownRoom(): void {
    const link = this.link;
    const create = this.options.createOnRelay;
    if (!link || !create || !link.writeKey || !link.readKey || this.createdFor === link) return;
    this.createdFor = link;
    void create(link).then(
      (created) => {
        if (created && this.link === link && !this.options.isClosed()) this.attach(link);
      },
      () => undefined, // the hook reports its own failure; the room stays refused as before
    );
  }

  private readonly onConfirmed = (stateVector: Uint8Array): void => {
    if (this.options.isClosed()) return;
    this.relay.stateVector = Y.decodeStateVector(stateVector);
    this.confirmedAt = Date.now();
    const covered = this.coveredPending();
    this.options.store.recordConfirmed(stateVector, covered);
    for (const seq of covered) this.pending.delete(seq);
    // Deletes leave no trace in a state vector: ask the relay for its delete set to settle them.
    if (!this.awaitingRelayState && this.hasPendingDeletes()) {
      this.awaitingRelayState = this.connection?.requestRelayState() ?? false;
    }
    this.options.onChange();
  };

  private readonly onRelayState = (update: Uint8Array): void => {
    if (this.options.isClosed()) return;
    this.awaitingRelayState = false;
    if (!this.hasPendingDeletes()) return;
    this.relay.deleteSet = Y.decodeUpdate(update).ds;
    const covered = this.coveredPending().filter((seq) => this.pending.get(seq)?.deleteOnly);
    if (covered.length === 0) return;
    const confirmed = this.options.store.confirmedStateVector();
    if (confirmed) this.options.store.recordConfirmed(confirmed.stateVector, covered);
    for (const seq of covered) this.pending.delete(seq);
    this.options.onChange();
  };

  private hasPendingDeletes(): boolean {
    return [...this.pending.values()].some((entry) => entry.deleteOnly);
  }

  private coveredPending(): number[] {
    const covered: number[] = [];
    for (const [seq, entry] of this.pending)
      if (isCoveredByRelay(entry.data, this.relay)) covered.push(seq);
    return covered;
  }
}
