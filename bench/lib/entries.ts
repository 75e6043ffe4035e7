import * as Y from 'yjs';

/** Timeline texts the fixtures cycle through. */
export const ENTRY_TEXTS = [
  'Replica lag on db-3 above 30 s; reads routed to primary',
  'Rolled back checkout-api to v41',
  'Error rate at 4.1 %, down from 12 %',
  'Paged the on-call DBA; joined the bridge',
  'Status page updated: investigating elevated checkout errors',
];

/**
 * One update per timeline entry, shaped like shared/ops' entries (id, event and recorded time,
 * recorder, author, kind, text), written as plain Yjs so a 100k-update room builds in seconds.
 * (`logEntry` validates and reads the room on every call: right for the app, too slow to build
 * fixtures of this size.)
 */
export function timelineUpdates(count: number, clientId = 1): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const start = Date.parse('2026-03-24T02:47:00.000Z');
  const timeline = doc.getArray<Y.Map<unknown>>('timeline');
  for (let i = 0; i < count; i += 1) {
    const at = new Date(start + i * 1_000).toISOString();
    doc.transact(() => {
      const entry = new Y.Map<unknown>();
      entry.set('id', `e${i.toString(36).padStart(6, '0')}`);
      entry.set('at', at);
      entry.set('recordedAt', at);
      entry.set('recordedBy', { id: 'u-scribe', name: 'Sol' });
      entry.set('author', { id: 'u-ops', name: 'Omar' });
      entry.set('kind', 'observation');
      entry.set('text', `${ENTRY_TEXTS[i % ENTRY_TEXTS.length] ?? ''} (#${i})`);
      // Not `push`: Y.Array#push walks the whole list to find its end (it keeps no search
      // marker), which made a 100k-entry fixture take minutes. Inserting at `length` uses the
      // array's markers and yields byte-identical updates.
      timeline.insert(timeline.length, [entry]);
    });
  }
  doc.destroy();
  return updates;
}
