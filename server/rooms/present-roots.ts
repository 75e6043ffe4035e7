import * as Y from 'yjs';
import { roomRootsFrom, typedRoot, type RoomRoots } from '../../shared/doc/roots';

/** A document nobody ever writes: what a reader sees of a root a room lacks. */
let empty: Y.Doc | null = null;

function emptyDoc(): Y.Doc {
  empty ??= new Y.Doc();
  return empty;
}

/**
 * The room's roots for reading only. `roomRoots` creates every root the document lacks (a Y.Map
 * with its own Map and two event handlers each, ~400 bytes): the relay reads the list and status
 * page fields of every room it stores an update of, and a room that never had a status update,
 * a checklist or a follow-up target held fourteen empty roots for as long as it was loaded. A
 * root the document lacks is read here from one shared empty document instead, which reads the
 * same (empty). Never write through these: a missing root is not the room's.
 */
export function presentRoots(doc: Y.Doc): RoomRoots {
  const none = emptyDoc();
  return roomRootsFrom((name, kind) => typedRoot(doc.share.has(name) ? doc : none, name, kind));
}
