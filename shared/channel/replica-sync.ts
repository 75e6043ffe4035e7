/**
 * Keeps one room's Y.Doc in step with a peer over the channel, using the y-protocols sync
 * messages (step 1 / step 2 / update). Both ends use it: the renderer for its replica, the host for
 * each renderer that has the room open. Updates that arrived from the peer are not echoed back.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import type { DocFrameMessage } from './messages';

export class ReplicaSync {
  private synced = false;
  private readonly syncedWaiters: Array<() => void> = [];

  constructor(
    private readonly doc: Y.Doc,
    private readonly roomId: string,
    private readonly send: (message: DocFrameMessage) => void,
  ) {
    doc.on('update', this.onLocalUpdate);
  }

  /** Opens the exchange: tells the peer what we have so it sends what we lack. */
  start(): void {
    const encoder = encoding.createEncoder();
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.sendSync(encoding.toUint8Array(encoder));
  }

  /** Applies a `sync` frame from the peer; answers step 1 with step 2. Throws on a malformed frame. */
  receive(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const encoder = encoding.createEncoder();
    // Until the first sync is in, nothing watches the replica (the window reads it after), and
    // what a frame applies comes from the peer and is not sent back. While a doc has no `update`
    // listener at all Yjs skips encoding each transaction's update: for the first sync of a
    // 10,000-entry room that is ~0.4 s of the window's main thread (4.7 MB re-encoded). Later
    // frames keep the listener: an observer may write, and that write must reach the peer.
    const initial = !this.synced;
    if (initial) this.doc.off('update', this.onLocalUpdate);
    let messageType: number;
    try {
      messageType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
    } finally {
      if (initial) this.doc.on('update', this.onLocalUpdate);
    }
    if (encoding.length(encoder) > 0) this.sendSync(encoding.toUint8Array(encoder));
    if (messageType === syncProtocol.messageYjsSyncStep2 && !this.synced) {
      this.synced = true;
      for (const resolve of this.syncedWaiters.splice(0)) resolve();
    }
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the peer's full state has been applied here. */
  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncedWaiters.push(resolve));
  }

  destroy(): void {
    this.doc.off('update', this.onLocalUpdate);
  }

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return;
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, update);
    this.sendSync(encoding.toUint8Array(encoder));
  };

  private sendSync(data: Uint8Array): void {
    this.send({ kind: 'doc', roomId: this.roomId, frame: 'sync', data });
  }
}
