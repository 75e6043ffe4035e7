import * as Y from 'yjs';
import { encodeTimelineRecord, type EntryRecord } from '../../shared/doc/timeline-records';

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
    const record: EntryRecord = {
      type: 'entry',
      id: `e${i.toString(36).padStart(6, '0')}`,
      at,
      recordedAt: at,
      recorder: { id: 'u-scribe', name: 'Sol' },
      author: { id: 'u-ops', name: 'Omar' },
      kind: 'observation',
      text: `${ENTRY_TEXTS[i % ENTRY_TEXTS.length] ?? ''} (#${i})`,
      clockOffsetMs: null,
      offline: false,
      ref: null,
    };
    doc.transact(() => append(record));
  }
  doc.destroy();
  return updates;
}

// Not `push` in either: Y.Array#push walks the whole list to find its end (it keeps no search
// marker), which made a 100k-entry fixture take minutes. Inserting at `length` uses the array's
// markers and yields byte-identical updates.

function appendRecord(doc: Y.Doc): (record: EntryRecord) => void {
  const entries = doc.getMap<Uint8Array>('timelineEntries');
  return (record) => entries.set(record.id, encodeTimelineRecord(record));
}

function appendMap(doc: Y.Doc): (record: EntryRecord) => void {
  const timeline = doc.getArray<Y.Map<unknown>>('timeline');
  return (record) => {
    const entry = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(record)) if (key !== 'type') entry.set(key, value);
    entry.set('pin', null);
    entry.set('deleted', null);
    entry.set('revisions', new Y.Array<unknown>());
    timeline.insert(timeline.length, [entry]);
  };
}
