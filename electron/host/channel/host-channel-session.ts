import * as awarenessProtocol from 'y-protocols/awareness';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { answerRequest } from '../../../shared/channel/rpc';
import { ReplicaSync } from '../../../shared/channel/replica-sync';
import type { HostHandlers } from '../../../shared/channel/host-api';
import type { HostEvent } from '../../../shared/channel/host-events';
import type { ChannelMessage, DocFrameMessage } from '../../../shared/channel/messages';

/** A room's live document as the host holds it, lent to one renderer connection. */
export interface RoomDocLease {
  readonly doc: Y.Doc;
  /**
   * Calls back after changes are durably in SQLite. The host's store appends inside the doc's
   * update handler, so "after the update event" would depend on handler order; an explicit hook
   * does not.
   */
  onPersisted(listener: () => void): () => void;
  /**
   * What is durably stored, as a state vector. Not the doc's own vector: after a failed write the
   * doc is ahead of the disk, and the renderer must keep saying "not saved" for that difference.
   */
  savedStateVector(): Uint8Array;
  /** The room's awareness as the host shares it with the relay (its own state under doc.clientID). */
  readonly awareness: Awareness;
  /** Takes this window's editor caret into the presence the host shares with the room. */
  setCursor(cursor: unknown): void;
  release(): void;
}

export interface RoomDocSource {
  leaseRoomDoc(roomId: string): Promise<RoomDocLease>;
}

interface OpenReplica {
  lease: RoomDocLease;
  sync: ReplicaSync;
  stopSaved: () => void;
  stopAwareness: () => void;
  /** Decodes this window's awareness frames (they carry the window's own client id). */
  windowAwareness: Awareness;
}

/** A caret is two relative positions; anything bigger is not a caret. */
const MAX_CURSOR_JSON_CHARS = 4096;

/**
 * One renderer connected to the host, over either transport. Answers API requests through the
 * handler map and keeps a replica in step for every room the renderer opened.
 */
export class HostChannelSession {
  private readonly replicas = new Map<string, OpenReplica>();
  private closed = false;

  constructor(
    readonly connectionId: number,
    private readonly handlers: HostHandlers,
    private readonly rooms: RoomDocSource,
    private readonly send: (message: ChannelMessage) => void,
  ) {}

  receive(message: ChannelMessage): void {
    if (this.closed) return;
    if (message.kind === 'request') {
      void answerRequest(this.handlers, message, this).then((response) => {
        if (!this.closed) this.send(response);
      });
    } else if (message.kind === 'doc') {
      this.receiveDocFrame(message);
    }
    // Responses and events only flow host → renderer; anything else from a renderer is ignored.
  }

  /** Starts syncing a room to this renderer (the handler of `room.open` calls this). */
  async attachRoom(roomId: string): Promise<void> {
    if (this.replicas.has(roomId)) return;
    const lease = await this.rooms.leaseRoomDoc(roomId);
    if (this.closed || this.replicas.has(roomId)) {
      lease.release();
      return;
    }
    const sync = new ReplicaSync(lease.doc, roomId, (frame) => this.send(frame));
    const sendSaved = () =>
      this.send({ kind: 'doc', roomId, frame: 'saved', data: lease.savedStateVector() });
    const stopSaved = lease.onPersisted(sendSaved);
    // The others in the room, for this window: everyone but the host itself (the window is the
    // host's person; its own caret must not come back to it as a stranger's).
    const self = lease.doc.clientID;
    const sendAwareness = (clients: number[]) => {
      const others = clients.filter((client) => client !== self);
      if (others.length === 0) return;
      const data = awarenessProtocol.encodeAwarenessUpdate(lease.awareness, others);
      this.send({ kind: 'doc', roomId, frame: 'awareness', data });
    };
    const onAwareness = (changes: { added: number[]; updated: number[]; removed: number[] }) =>
      sendAwareness([...changes.added, ...changes.updated, ...changes.removed]);
    lease.awareness.on('update', onAwareness);
    const windowAwareness = new Awareness(new Y.Doc());
    // The scratch awareness only decodes; it must not announce a state of its own.
    windowAwareness.setLocalState(null);
    this.replicas.set(roomId, {
      lease,
      sync,
      stopSaved,
      stopAwareness: () => lease.awareness.off('update', onAwareness),
      windowAwareness,
    });
    sync.start();
    sendSaved();
    sendAwareness([...lease.awareness.getStates().keys()]);
  }

  hasRoom(roomId: string): boolean {
    return this.replicas.has(roomId);
  }

  sendEvent(event: HostEvent): void {
    if (!this.closed) this.send({ kind: 'event', event });
  }

  detachRoom(roomId: string): void {
    const replica = this.replicas.get(roomId);
    if (!replica) return;
    this.replicas.delete(roomId);
    replica.stopSaved();
    replica.stopAwareness();
    replica.windowAwareness.destroy();
    replica.sync.destroy();
    replica.lease.release();
  }

  close(): void {
    this.closed = true;
    for (const roomId of [...this.replicas.keys()]) this.detachRoom(roomId);
  }

  private receiveDocFrame(frame: DocFrameMessage): void {
    const replica = this.replicas.get(frame.roomId);
    if (!replica) return;
    if (frame.frame === 'awareness') {
      this.receiveWindowAwareness(replica, frame);
      return;
    }
    if (frame.frame !== 'sync') return;
    try {
      replica.sync.receive(frame.data);
    } catch (error) {
      // A malformed frame from a renderer must not take the host down; the renderer resyncs on
      // its next open, and the log says why.
      console.error(`host: dropped a malformed sync frame for room ${frame.roomId}:`, error);
    }
  }

  /** Only the caret is taken from the window; name, role and colour come from the profile. */
  private receiveWindowAwareness(replica: OpenReplica, frame: DocFrameMessage): void {
    const scratch = replica.windowAwareness;
    try {
      awarenessProtocol.applyAwarenessUpdate(scratch, frame.data, 'window');
    } catch (error) {
      console.error(`host: dropped a malformed awareness frame for room ${frame.roomId}:`, error);
      return;
    }
    let cursor: unknown = null;
    for (const [client, state] of scratch.getStates()) {
      if (client === scratch.clientID) continue;
      cursor = (state as { cursor?: unknown }).cursor ?? null;
    }
    if (cursor !== null && JSON.stringify(cursor).length > MAX_CURSOR_JSON_CHARS) return;
    replica.lease.setCursor(cursor);
  }
}
