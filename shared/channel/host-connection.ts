import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createHostClient } from './rpc';
import { ReplicaSync } from './replica-sync';
import type { HostApi } from './host-api';
import type { HostEvent } from './host-events';
import type { ChannelMessage, DocFrameMessage } from './messages';
import type { HostTransport } from './transport';

/** A room open in this renderer: a Y.Doc replica kept in step with the host's copy. */
export interface OpenRoom {
  readonly roomId: string;
  readonly doc: Y.Doc;
  /**
   * The other people in the room as the host sees them (presence and editor carets), for editor
   * bindings. This window's own caret goes to the host, which shares it with the room.
   */
  readonly awareness: awarenessProtocol.Awareness;
  /** Changes made in this tab that the host has not yet written to its SQLite file. */
  unsavedCount(): number;
  onUnsavedChange(listener: (count: number) => void): () => void;
  close(): Promise<void>;
}

export interface HostConnection {
  readonly api: HostApi;
  onEvent(listener: (event: HostEvent) => void): () => void;
  onLost(listener: (reason: string) => void): () => void;
  openRoom(roomId: string): Promise<OpenRoom>;
}

/** Sum over clients of the clock ticks in `local` not covered by `saved`. */
export function countUncovered(local: Map<number, number>, saved: Map<number, number>): number {
  let count = 0;
  for (const [client, clock] of local) count += Math.max(0, clock - (saved.get(client) ?? 0));
  return count;
}

export interface HostConnectionOptions {
  /** Where protocol faults go (a malformed frame from the host); the renderer logs them. */
  onProtocolError?: (message: string, error: unknown) => void;
}

export function createHostConnection(
  transport: HostTransport,
  options: HostConnectionOptions = {},
): HostConnection {
  const reportProtocolError = options.onProtocolError ?? (() => undefined);
  const rpc = createHostClient((request) => transport.send(request));
  const eventListeners = new Set<(event: HostEvent) => void>();
  const lostListeners = new Set<(reason: string) => void>();
  const rooms = new Map<string, (frame: DocFrameMessage) => void>();

  transport.onMessage((message: ChannelMessage) => {
    switch (message.kind) {
      case 'response':
        rpc.receiveResponse(message);
        break;
      case 'event':
        for (const listener of eventListeners) listener(message.event);
        break;
      case 'doc':
        rooms.get(message.roomId)?.(message);
        break;
      case 'request':
        // The host never asks the renderer anything; ignore rather than trust it.
        break;
    }
  });
  transport.onClose((reason) => {
    rpc.failAll({ code: 'host-lost', message: reason });
    for (const listener of lostListeners) listener(reason);
  });

  const subscribe = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => set.delete(listener);
  };

  async function openRoom(roomId: string): Promise<OpenRoom> {
    const doc = new Y.Doc();
    let savedVector = new Map<number, number>();
    const unsavedListeners = new Set<(count: number) => void>();
    // Only this tab's own edits can be unsaved: everything else reached us *from* the host.
    const unsavedCount = () => {
      const mine = Y.decodeStateVector(Y.encodeStateVector(doc));
      const own = new Map([[doc.clientID, mine.get(doc.clientID) ?? 0]]);
      return countUncovered(own, savedVector);
    };
    const notify = () => {
      const count = unsavedCount();
      for (const listener of unsavedListeners) listener(count);
    };
    const sync = new ReplicaSync(doc, roomId, (frame) => transport.send(frame));
    const awareness = new awarenessProtocol.Awareness(doc);
    const FROM_HOST = 'host';
    const sendOwnAwareness = (
      changes: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      if (origin === FROM_HOST) return;
      const changed = [...changes.added, ...changes.updated, ...changes.removed];
      if (!changed.includes(doc.clientID)) return;
      const data = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
      transport.send({ kind: 'doc', roomId, frame: 'awareness', data });
    };
    awareness.on('update', sendOwnAwareness);
    rooms.set(roomId, (frame) => {
      if (frame.frame === 'saved') {
        savedVector = Y.decodeStateVector(frame.data);
        notify();
        return;
      }
      if (frame.frame === 'awareness') {
        try {
          awarenessProtocol.applyAwarenessUpdate(awareness, frame.data, FROM_HOST);
        } catch (error) {
          reportProtocolError(`malformed awareness frame for room ${roomId}`, error);
        }
        return;
      }
      try {
        sync.receive(frame.data);
      } catch (error) {
        reportProtocolError(`malformed sync frame for room ${roomId}`, error);
      }
    });
    await rpc.api['room.open']({ roomId });
    sync.start();
    await sync.whenSynced();
    // Listening only now: nothing of this tab's own is unsaved before the first sync, and an
    // `update` listener during it would make Yjs re-encode the whole room once more.
    doc.on('update', notify);
    return {
      roomId,
      doc,
      awareness,
      unsavedCount,
      onUnsavedChange: (listener) => subscribe(unsavedListeners, listener),
      async close() {
        rooms.delete(roomId);
        awareness.off('update', sendOwnAwareness);
        awareness.destroy();
        sync.destroy();
        doc.off('update', notify);
        doc.destroy();
        await rpc.api['room.close']({ roomId });
      },
    };
  }

  return {
    api: rpc.api,
    onEvent: (listener) => subscribe(eventListeners, listener),
    onLost: (listener) => subscribe(lostListeners, listener),
    openRoom,
  };
}
