import type { RoomAppend, RoomStorage, OpenedRoom } from '../rooms/room-storage';
import type { GroupCommit } from './group-commit';
import type { RelayStore } from './relay-store';
import { answered } from './sqlite-room-directory';

/** A room of the embedded relay has no feed of other relays' updates: nothing to close. */
function noFeedToClose(): void {}

/**
 * The embedded relay's room storage: its SQLite file and group commit. Every read and write is
 * synchronous underneath; the promises only give shared mode's shape, and no other relay ever
 * stores this relay's rooms.
 */
export class SqliteRoomStorage implements RoomStorage {
  readonly compactRoom: RoomStorage['compactRoom'];
  readonly openRoomNow: (roomId: string) => OpenedRoom;

  constructor(
    private readonly store: RelayStore,
    private readonly commit: GroupCommit,
  ) {
    this.compactRoom = (roomId, snapshot, throughSeq) =>
      store.compactRoom(roomId, snapshot, throughSeq);
    this.openRoomNow = (roomId) => ({ state: store.loadRoomState(roomId), close: noFeedToClose });
  }

  openRoom(roomId: string): Promise<OpenedRoom> {
    return answered(() => this.openRoomNow(roomId));
  }

  enqueue(append: RoomAppend): void {
    this.commit.enqueue(append);
  }

  flushPending(): void {
    this.commit.flush();
  }

  drain(): Promise<void> {
    return answered(() => this.commit.flush());
  }
}
