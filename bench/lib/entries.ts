import * as Y from 'yjs';
import type { EntryKind } from '../../shared/doc/enums';
import { encodeTimelineRecord, type EntryRecord } from '../../shared/doc/timeline-records';
import type { Person } from '../../shared/doc/types';
import { format1EntryMap } from '../../shared/fixtures/format-1-rooms';

/** Timeline texts the fixtures cycle through. */
export const ENTRY_TEXTS = [
  'Replica lag on db-3 above 30 s; reads routed to primary',
  'Rolled back checkout-api to v41',
  'Error rate at 4.1 %, down from 12 %',
  'Paged the on-call DBA; joined the bridge',
  'Status page updated: investigating elevated checkout errors',
];

/**
 * One update per timeline entry, shaped as shared/ops writes entries, written as plain Yjs so a
 * 100k-update room builds in seconds. (`logEntry` validates and reads the room on every call:
 * right for the app, too slow to build fixtures of this size.) Format 2 (today's): one record in
 * `timelineEntries` per entry. Format 1 (before #19's format 2, kept as the peer it replaced): one
 * Y.Map of thirteen keys plus a revisions array per entry in `timeline`.
 */
export function timelineUpdates(count: number, clientId = 1, format: 1 | 2 = 2): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const start = Date.parse('2026-03-24T02:47:00.000Z');
  const append = format === 2 ? appendRecord(doc) : appendMap(doc);
  for (let i = 0; i < count; i += 1) {
    const at = new Date(start + i * 1_000).toISOString();
    const text = `${ENTRY_TEXTS[i % ENTRY_TEXTS.length] ?? ''} (#${i})`;
    const record = benchEntryRecord(`e${i.toString(36).padStart(6, '0')}`, at, SCRIBE, text);
    doc.transact(() => append(record));
  }
  doc.destroy();
  return updates;
}

const SCRIBE = { id: 'u-scribe', name: 'Sol' };

/** An entry record as the app logs one: `person` recorded it about themselves, as an observation. */
export function benchEntryRecord(
  id: string,
  at: string,
  person: Person,
  text: string,
  kind: EntryKind = 'observation',
): EntryRecord {
  return {
    type: 'entry',
    id,
    at,
    recordedAt: at,
    recorder: person,
    author: { id: person.id, name: person.name },
    kind,
    text,
    clockOffsetMs: null,
    offline: false,
    ref: null,
  };
}

/** Appends an entry record as shared/ops' writer does: under its id in `timelineEntries`. */
export function appendEntryRecord(doc: Y.Doc, record: EntryRecord): void {
  doc.getMap('timelineEntries').set(record.id, encodeTimelineRecord(record));
}

function appendRecord(doc: Y.Doc): (record: EntryRecord) => void {
  return (record) => appendEntryRecord(doc, record);
}

function appendMap(doc: Y.Doc): (record: EntryRecord) => void {
  const timeline = doc.getArray<Y.Map<unknown>>('timeline');
  // Not `push`: Y.Array#push walks the whole list to find its end (it keeps no search marker),
  // which made a 100k-entry fixture take minutes. Inserting at `length` uses the array's markers.
  return (record) => timeline.insert(timeline.length, [format1EntryMap(record)]);
}
