import type * as Y from 'yjs';
import { roomRoots } from '../doc/roots';
import { assembleRoom } from './assemble-room';
import { readRoomParts } from './room-parts';
import type { RoomSnapshot } from './types';

export interface ReadRoomOptions {
  /** The clock for "overdue" and stabilization; defaults to Date.now(). */
  now?: number;
}

/**
 * A plain, typed snapshot of the room for views, exports and tests. Deterministic for a given
 * document state and `now`: two converged replicas give deep-equal snapshots. Values that do not
 * fit the format (written by a misbehaving peer) are skipped, never thrown on. `RoomReader` gives
 * the same snapshot incrementally, for a view that re-reads after every change.
 */
export function readRoom(doc: Y.Doc, options: ReadRoomOptions = {}): RoomSnapshot {
  return assembleRoom(readRoomParts(doc, roomRoots(doc)), options.now ?? Date.now());
}
