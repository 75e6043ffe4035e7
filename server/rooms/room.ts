import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol/relay-protocol';
import type { CloseCodeName } from '../../shared/protocol/close-codes';
import type { OutboxRow } from '../storage/outbox-store';
import type { SequencedUpdate } from '../storage/postgres/postgres-room-store';
import type { StoredRoomState } from '../storage/relay-store';
import { AlertDeliveriesOrigin } from '../storage/alert-deliveries-origin';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { RelayLogger } from '../logging/logger';
import { compactionDue } from './compaction-due';
import type { RoomStorage } from './room-storage';

/** The origin of updates another relay stored (shared mode): applied, fanned out, not stored. */
const STORED_ELSEWHERE = Symbol('stored by another relay');

/** What a room needs from a connected socket; the socket adapter implements it. */
export interface RoomMember {
  /** Sends a message; `kind` labels the metrics. */
  send(message: Uint8Array, kind: string): void;
  /** The room durably stored an update that came from this member. */
  updatePersisted(): void;
  close(name: CloseCodeName, reason: string): void;
}

/** Derives what receivers outside hear of a room's changes (server/outbound). */
export interface RoomOutbound {
  /** Starts watching a room whose stored state is loaded into `doc`. */
  watch(
    roomId: string,
    doc: Y.Doc,
  ): {
    outboxRows(transaction: Y.Transaction): readonly OutboxRow[];
    /** An update another relay stored, with its events (shared mode): only the baseline moves. */
    storedElsewhere(transaction: Y.Transaction): void;
  };
  /** Outbox rows were committed: the sender has work. */
  stored(): void;
}

export interface CompactionPolicy {
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
}

export interface RoomDeps {
  readonly storage: RoomStorage;
  readonly metrics: RelayMetrics;
  readonly logger: RelayLogger;
  readonly compaction: CompactionPolicy;
  /** Called once when the room can no longer persist; the registry tears it down. */
  readonly onStorageFailure: (room: Room, error: unknown) => void;
  /** Called after each of the room's updates is on disk (the team room list follows it). */
  readonly onStored: (room: Room) => void;
  /** Outbound events: stored with the update that caused them, in its transaction. */
  readonly outbound?: RoomOutbound | undefined;
}

/**
 * One loaded room: its document, its presence, and the members it fans out to.
 * Invariant: nobody outside the relay sees a document update before it is on disk. Updates are
 * applied to `doc` at once and appended by the relay's group commit at the end of the event-loop
 * turn; until a room's pending appends commit, its fan-out, confirmations and sync answers wait
 * (`whenDurable`), so every state vector or state a client receives is covered by the disk. A
 * failed write tears the room down before anyone hears of the update.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly members = new Map<RoomMember, Set<number>>();
  private logEntries: number;
  private logBytes: number;
  /** Size of the room's stored snapshot (0 when it has none yet). */
  private snapshotBytes: number;
  private lastSeq: number;
  private failed = false;
  private destroyed = false;
  /** Updates applied to `doc` whose append has not committed yet. */
  private pendingAppends = 0;
  private durableWaiters: (() => void)[] = [];
  private readonly outboundWatch: ReturnType<RoomOutbound['watch']> | null;

  private constructor(
    readonly id: string,
    doc: Y.Doc,
    stored: { entries: number; bytes: number; lastSeq: number; snapshotBytes: number },
    private readonly deps: RoomDeps,
  ) {
    this.doc = doc;
    this.logEntries = stored.entries;
    this.logBytes = stored.bytes;
    this.snapshotBytes = stored.snapshotBytes;
    this.lastSeq = stored.lastSeq;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.outboundWatch = deps.outbound?.watch(id, doc) ?? null;
    // The relay is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    doc.on('update', this.onDocumentUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /**
   * The room of a completely read stored state (RoomStorage.openRoom): the caller cannot answer
   * a sync request with a half-loaded (or empty) document.
   */
  static fromStored(id: string, stored: StoredRoomState, deps: RoomDeps): Room {
    const doc = new Y.Doc({ gc: true });
    doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    return new Room(
      id,
      doc,
      {
        entries: stored.updates.length,
        bytes: stored.updateBytes,
        lastSeq: stored.lastSeq,
        snapshotBytes: stored.snapshot?.byteLength ?? 0,
      },
      deps,
    );
  }

  get memberCount(): number {
    return this.members.size;
  }

  get isFailed(): boolean {
    return this.failed;
  }

  /** Updates applied to the document whose append has not committed yet. */
  get pendingCount(): number {
    return this.pendingAppends;
  }

  /**
   * Applies updates another relay stored (shared mode): they are durable already, so members
   * hear of them at once, and they are not stored again. Parts the document has are no-ops.
   */
  applyStoredElsewhere(updates: readonly SequencedUpdate[]): void {
    if (this.failed || this.destroyed) return;
    for (const { data } of updates) Y.applyUpdate(this.doc, data, STORED_ELSEWHERE);
  }

  addMember(member: RoomMember): void {
    this.members.set(member, new Set());
  }

  removeMember(member: RoomMember): void {
    const controlled = this.members.get(member);
    this.members.delete(member);
    if (controlled && controlled.size > 0 && !this.destroyed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
    }
  }

  closeMembers(name: CloseCodeName, reason: string): void {
    for (const member of [...this.members.keys()]) member.close(name, reason);
  }

  /**
   * Whether a presence update names only client ids no other member introduced. A read-only
   * viewer must not rewrite a writer's presence (its name, role or "editing"); y-protocols would
   * apply it, even on the writer's own replica. `update` was already validated by the decoder.
   */
  presenceIsOwnedBy(member: RoomMember, update: Uint8Array): boolean {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i += 1) {
      const client = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      decoding.readVarString(decoder);
      for (const [other, controlled] of this.members) {
        if (other !== member && controlled.has(client)) return false;
      }
    }
    return true;
  }

  /**
   * Runs `work` once everything applied to the document so far is on disk (at once when nothing
   * is pending). Anything that reveals the document's state to a client goes through here. It
   * also runs when the room failed to store an update: check `isFailed` before answering.
   */
  whenDurable(work: () => void): void {
    if (this.pendingAppends === 0) work();
    else this.durableWaiters.push(work);
  }

  /** Commits this room's pending appends now, e.g. before a snapshot or unload. */
  private commitPending(): void {
    if (this.pendingAppends > 0) this.deps.storage.flushPending();
  }

  /** The sync-step-1 message a new member receives first. */
  syncStep1Message(): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    return encoding.toUint8Array(encoder);
  }

  /** An awareness message with every known presence, or null when nobody has one. */
  fullAwarenessMessage(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Stores whatever is only in the update log as one snapshot (no-op when the log is empty). */
  compact(): void {
    const { compactRoom } = this.deps.storage;
    if (compactRoom === null) return; // a worker of its own compacts this storage
    this.commitPending();
    if (this.failed || this.logEntries === 0) return;
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    compactRoom(this.id, snapshot, this.lastSeq);
    this.snapshotBytes = snapshot.byteLength;
    this.logEntries = 0;
    this.logBytes = 0;
    this.deps.metrics.compactions.inc();
  }

  destroy(): void {
    if (this.destroyed) return;
    if (!this.failed) this.commitPending();
    this.destroyed = true;
    this.doc.off('update', this.onDocumentUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    this.members.clear();
  }

  /**
   * Applies a member's incremental update (the payload of a sync-update frame the connection has
   * already decoded completely) and, if it changed the document, stores and forwards the member's
   * own bytes: the log keeps the payload and the other members get the frame as it came. Yjs
   * parses the update once, into the document; nothing is encoded again (with the document's
   * `update` listener attached, Yjs would encode every transaction and the fan-out would wrap
   * it once more). Replaying stored payloads in order gives the same document: a payload that
   * leaves parts pending (their dependencies not here yet) is stored too, so the log never lacks
   * what a later update completes. Sync-step-2 frames do not come here: they carry the member's
   * whole delete set, of which only the new part is worth storing (`Y.applyUpdate` instead).
   */
  applyMemberUpdate(member: RoomMember, update: Uint8Array, frame: Uint8Array): void {
    const { doc } = this;
    const seen: { transaction: Y.Transaction | null } = { transaction: null };
    const capture = (transaction: Y.Transaction): void => {
      seen.transaction = transaction;
    };
    doc.off('update', this.onDocumentUpdate);
    doc.on('afterTransaction', capture);
    try {
      Y.applyUpdate(doc, update, member);
    } catch (error) {
      // The frame decoded, so Yjs refused it while integrating: keep what it did integrate,
      // encoded from the document (never the payload, which would fail the room's next load).
      const { transaction } = seen;
      if (transaction && changedDocument(transaction)) {
        const integrated = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(transaction.beforeState));
        this.store(integrated, null, member, transaction);
      }
      throw error;
    } finally {
      doc.off('afterTransaction', capture);
      doc.on('update', this.onDocumentUpdate);
    }
    const { transaction } = seen;
    if (transaction === null || this.failed) return;
    if (changedDocument(transaction) || hasPendingParts(doc)) {
      this.store(update, frame, member, transaction);
    }
  }

  private readonly onDocumentUpdate = (
    update: Uint8Array,
    origin: unknown,
    _doc: Y.Doc,
    transaction: Y.Transaction,
  ): void => {
    if (this.failed) return;
    if (origin === STORED_ELSEWHERE) {
      this.outboundSeenElsewhere(transaction);
      return this.fanOut(update, null, null);
    }
    this.store(update, null, origin, transaction);
  };

  /**
   * Queues an applied update for the group commit; once it is durable it is fanned out (`frame`
   * when the member's own sync frame can be forwarded as is, else a frame wrapped here).
   */
  private store(
    update: Uint8Array,
    frame: Uint8Array | null,
    origin: unknown,
    transaction: Y.Transaction,
  ): void {
    if (this.failed) return;
    this.pendingAppends += 1;
    const outbox = this.outboxRows(transaction);
    this.deps.storage.enqueue({
      roomId: this.id,
      update,
      deliveries: origin instanceof AlertDeliveriesOrigin ? origin.deliveries : undefined,
      outbox,
      onCommitted: (seq) => this.onCommitted(update, frame, origin, seq, outbox !== undefined),
      onFailed: (error) => this.onCommitFailed(error),
    });
  }

  /** The outbound events of one update; a fault here must never keep the update from disk. */
  private outboxRows(transaction: Y.Transaction): readonly OutboxRow[] | undefined {
    if (!this.outboundWatch) return undefined;
    try {
      const rows = this.outboundWatch.outboxRows(transaction);
      return rows.length > 0 ? rows : undefined;
    } catch (error) {
      this.deps.logger.error({ err: error, room: this.id }, 'outbound events not derived');
      return undefined;
    }
  }

  /** Another relay derived this update's events; a fault here must never hold its fan-out. */
  private outboundSeenElsewhere(transaction: Y.Transaction): void {
    try {
      this.outboundWatch?.storedElsewhere(transaction);
    } catch (error) {
      this.deps.logger.error({ err: error, room: this.id }, 'outbound baseline not moved');
    }
  }

  private onCommitted(
    update: Uint8Array,
    frame: Uint8Array | null,
    origin: unknown,
    seq: number,
    outbox: boolean,
  ): void {
    this.pendingAppends -= 1;
    if (this.failed) return this.settleIfDurable();
    this.lastSeq = seq;
    this.logEntries += 1;
    this.logBytes += update.byteLength;
    if (!this.destroyed) this.deps.onStored(this);
    if (outbox) this.deps.outbound?.stored();
    this.fanOut(update, frame, origin);
    if (isMember(origin) && this.members.has(origin)) origin.updatePersisted();
    this.settleIfDurable();
  }

  /**
   * Sends a stored update to every member but the one it came from: `frame` as it is when given
   * (a member's sync-update frame, the same bytes every member gets), else one wrapped here.
   */
  private fanOut(update: Uint8Array, frame: Uint8Array | null, origin: unknown): void {
    const message = frame ?? syncUpdateMessage(update);
    for (const member of this.members.keys()) {
      if (member !== origin) member.send(message, 'sync-update');
    }
  }

  private onCommitFailed(error: unknown): void {
    this.pendingAppends -= 1;
    if (!this.failed) {
      this.failed = true;
      this.deps.onStorageFailure(this, error);
    }
    this.settleIfDurable();
  }

  /** When the last pending append has committed: run the waiters, then compact if due. */
  private settleIfDurable(): void {
    if (this.pendingAppends > 0) return;
    const waiters = this.durableWaiters;
    this.durableWaiters = [];
    for (const work of waiters) work();
    if (this.failed || this.destroyed) return;
    const log = { entries: this.logEntries, bytes: this.logBytes };
    if (this.deps.storage.compactRoom === null) return;
    if (compactionDue(log, this.snapshotBytes, this.deps.compaction)) {
      try {
        this.compact();
      } catch (error) {
        // The updates themselves are safely in the log; a failed compaction only delays the next.
        this.deps.logger.error({ err: error, room: this.id }, 'room compaction failed');
      }
    }
  }

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (isMember(origin)) {
      const controlled = this.members.get(origin);
      if (controlled) {
        for (const client of changes.added) controlled.add(client);
        for (const client of changes.removed) controlled.delete(client);
      }
    }
    if (changed.length === 0) return;
    const message = awarenessMessage(
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
    );
    for (const member of this.members.keys()) member.send(message, 'awareness');
  };
}

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Whether a transaction changed the document (Yjs emits `update` for exactly these). */
function changedDocument(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}

/** Whether the document holds parts of updates whose dependencies it has not seen yet. */
function hasPendingParts(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function isMember(value: unknown): value is RoomMember {
  return (
    typeof value === 'object' && value !== null && 'send' in value && 'updatePersisted' in value
  );
}
