import type { RoomDirectory } from '../rooms/room-directory';
import type { RelayStore } from './relay-store';

/** The embedded relay's directory: its SQLite file, answered synchronously. */
export function sqliteRoomDirectory(store: RelayStore): RoomDirectory {
  return {
    createRoom: (room) => answered(() => store.createRoom(room)),
    findRoom: (id) => answered(() => store.findRoom(id)),
    countRooms: () => answered(() => store.countRooms()),
    listRooms: (limit) => answered(() => store.listing.list(limit)),
    writeListing: (rows) => store.listing.update(rows),
  };
}

/** The synchronous answer as a promise; a throw becomes the rejection. */
export function answered<T>(read: () => T): Promise<T> {
  return new Promise((resolve) => resolve(read()));
}
