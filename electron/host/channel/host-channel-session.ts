import type * as Y from 'yjs';
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
  release(): void;
}

export interface RoomDocSource {
  leaseRoomDoc(roomId: string): Promise<RoomDocLease>;
}

interface OpenReplica {
  lease: RoomDocLease;
  sync: ReplicaSync;
  stopSaved: () => void;
}

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
    this.replicas.set(roomId, { lease, sync, stopSaved });
    sync.start();
    sendSaved();
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
    replica.sync.destroy();
    replica.lease.release();
  }

  close(): void {
    this.closed = true;
    for (const roomId of [...this.replicas.keys()]) this.detachRoom(roomId);
  }

  private receiveDocFrame(frame: DocFrameMessage): void {
    const replica = this.replicas.get(frame.roomId);
    if (!replica || frame.frame !== 'sync') return;
    try {
      replica.sync.receive(frame.data);
    } catch (error) {
      // A malformed frame from a renderer must not take the host down; the renderer resyncs on
      // its next open, and the log says why.
      console.error(`host: dropped a malformed sync frame for room ${frame.roomId}:`, error);
    }
  }
}
