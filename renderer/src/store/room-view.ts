import type * as Y from 'yjs';
import { readRoom, type RoomSnapshot } from '../../../shared/read';

/** What components read: the shared read model, never the Y.Doc itself. */
export type RoomView = RoomSnapshot;

export function deriveRoomView(doc: Y.Doc): RoomView {
  return readRoom(doc);
}
