import * as Y from 'yjs';
import { uuidv4 } from 'lib0/random';
import type { EntryKind } from '../doc/enums';
import type { RoomRoots } from '../doc/roots';
import type { Author, EntryRef } from '../doc/types';
import { toIso } from '../util/time';
import type { OperationContext } from './context';
import { actorPerson } from './validate';

let entrySequence = 0;

/**
 * Entry ids are opaque, unique strings. They are the last tiebreak of the timeline order, so they
 * start with a per-process sequence: entries one replica records in the same millisecond (the
 * declaration and its role assignments, say) keep the order they were written in.
 */
export function newEntryId(): string {
  entrySequence += 1;
  return `${entrySequence.toString(36).padStart(8, '0')}-${uuidv4()}`;
}

export interface NewEntry {
  kind: EntryKind;
  text: string;
  /** Event time, ISO UTC. */
  at: string;
  author?: Author;
  ref?: EntryRef | null;
}

/**
 * Appends a timeline entry; call inside a transaction. The entry's Y.Map (and its revisions
 * array) is built whole by this one replica, so no other replica ever creates it concurrently.
 * Fields are separate keys so concurrent edits of different fields both survive.
 */
export function appendTimelineEntry(
  roots: RoomRoots,
  ctx: OperationContext,
  entry: NewEntry,
): string {
  const id = newEntryId();
  const recorder = actorPerson(ctx);
  const map = new Y.Map<unknown>();
  map.set('id', id);
  map.set('at', entry.at);
  map.set('recordedAt', toIso(ctx.now()));
  map.set('recorder', recorder);
  map.set('author', entry.author ?? { id: recorder.id, name: recorder.name });
  map.set('kind', entry.kind);
  map.set('text', entry.text);
  map.set('pin', null);
  map.set('deleted', null);
  map.set('clockOffsetMs', ctx.clockOffsetMs ?? null);
  map.set('offline', ctx.offline === true);
  map.set('ref', entry.ref ?? null);
  map.set('revisions', new Y.Array<unknown>());
  roots.timeline.push([map]);
  return id;
}
