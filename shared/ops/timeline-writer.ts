import { getRandomValues } from 'lib0/webcrypto';
import type { EntryKind } from '../doc/enums';
import type { RoomRoots } from '../doc/roots';
import { encodeTimelineRecord, type EntryChange, type EntryRecord } from '../doc/timeline-records';
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
  return `${entrySequence.toString(36).padStart(8, '0')}-${randomUuid()}`;
}

/**
 * A random (version 4) UUID from one request for 16 random bytes. lib0's `uuidv4` asks the
 * platform's random source once per hex digit (31 times), which was a third of the relay's CPU
 * time per event in the events API's profile.
 */
export function randomUuid(): string {
  const bytes = getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
 * Appends a timeline entry; call inside a transaction. Format 2: one record under its id in
 * `timelineEntries`, never changed after; corrections, pins and deletions are `appendEntryChange`.
 */
export function appendTimelineEntry(
  roots: RoomRoots,
  ctx: OperationContext,
  entry: NewEntry,
): string {
  const id = newEntryId();
  const recorder = actorPerson(ctx);
  const record: EntryRecord = {
    type: 'entry',
    id,
    at: entry.at,
    recordedAt: toIso(ctx.now()),
    recorder,
    author: entry.author ?? { id: recorder.id, name: recorder.name },
    kind: entry.kind,
    text: entry.text,
    clockOffsetMs: ctx.clockOffsetMs ?? null,
    offline: ctx.offline === true,
    ref: entry.ref ?? null,
  };
  roots.timelineEntries.set(id, encodeTimelineRecord(record));
  return id;
}

/** Appends a correction, pin or deletion of an entry; call inside a transaction. */
export function appendEntryChange(roots: RoomRoots, change: EntryChange): void {
  // Not `push`: Y.Array#push walks the whole list to find its end. Inserting at `length` starts
  // from the array's search marker and writes the same update.
  roots.timelineChanges.insert(roots.timelineChanges.length, [encodeTimelineRecord(change)]);
}
