import type * as Y from 'yjs';
import { roomRoots, type RoomRoots } from '../../shared/doc/roots';
import { toIso } from '../../shared/util/time';
import type { OutboxRow } from '../storage/outbox-store';
import type { OutboundConfig } from './outbound-file';
import { targetsFor } from './outbound-routing';
import {
  readWatchedState,
  roomChangeEvents,
  watchedRoots,
  type WatchedRoomState,
} from './room-change-events';

/**
 * Watches one loaded room's document for the changes receivers hear about. The baseline is the
 * room as loaded from storage, and moves with every update the room applies, so each stored
 * change is compared with the one before it: the events of an update go into the outbox in the
 * update's own transaction (`Room` hands them to the group commit), and a restart, which starts
 * from the stored state, neither loses nor repeats one.
 */
export class OutboundRoomWatch {
  private readonly roots: RoomRoots;
  private readonly watched: ReadonlySet<unknown>;
  private state: WatchedRoomState;

  constructor(
    private readonly roomId: string,
    doc: Y.Doc,
    private readonly config: OutboundConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.roots = roomRoots(doc);
    this.watched = new Set(watchedRoots(this.roots));
    this.state = readWatchedState(this.roots);
  }

  /** The outbox rows of one applied transaction (none when it touched nothing watched). */
  outboxRows(transaction: Y.Transaction): OutboxRow[] {
    if (!this.touched(transaction)) return [];
    const after = readWatchedState(this.roots);
    const events = roomChangeEvents(this.roomId, this.state, after, this.roots, toIso(this.now()));
    this.state = after;
    return events.flatMap((event) => {
      const text = JSON.stringify(event);
      return targetsFor(event, this.config).map((target) => ({
        eventId: event.id,
        targetId: target.id,
        targetKind: target.kind,
        eventType: event.data.type,
        event: text,
      }));
    });
  }

  /**
   * A transaction whose events another relay derived and stored with it (shared mode): the
   * baseline moves past it without events, so a later change here is compared with the room as
   * it is, and never repeats that relay's events.
   */
  advance(transaction: Y.Transaction): void {
    if (this.touched(transaction)) this.state = readWatchedState(this.roots);
  }

  private touched(transaction: Y.Transaction): boolean {
    for (const type of transaction.changed.keys()) if (this.watched.has(type)) return true;
    for (const type of transaction.changedParentTypes.keys())
      if (this.watched.has(type)) return true;
    return false;
  }
}
