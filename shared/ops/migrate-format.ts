import type * as Y from 'yjs';
import { ROOT } from '../doc/format';
import { roomRoots } from '../doc/roots';
import { encodeTimelineRecord, type EntryRecord } from '../doc/timeline-records';
import { readMapEntry, type EntryState } from '../read/timeline-entry';

/** The origin of the migration's transaction, for observers that tell it from people's edits. */
export const FORMAT_MIGRATION_ORIGIN = 'format-migration';

/**
 * Moves a format-1 room's timeline to format 2, in one transaction: each entry's Y.Map in
 * `timeline` becomes its record in `timelineEntries`, holding its state (pin, tombstone and
 * revisions included, so every view and export reads the same), the Y.Maps are deleted (Yjs then
 * keeps only their ids, not their content), and `meta.formatVersion` becomes 2. Nothing is
 * recorded on the timeline: nothing a person sees changed.
 *
 * Safe to run anywhere, any number of times: on a room that is not format 1 it does nothing.
 * Two replicas migrating at once each write the record of an entry under its id; the map keeps
 * one of the two (they hold the same state). A correction made while the migration travels is a
 * change record naming the entry's id, and applies to the record as it applied to the map.
 * Returns how many entries it moved.
 */
export function migrateToFormat2(doc: Y.Doc, origin: unknown = FORMAT_MIGRATION_ORIGIN): number {
  // Only `meta` is looked at before there is work: the relay runs this on every room it loads, and
  // naming the other roots would add them (empty) to every idle room it holds (present-roots.ts).
  if (!doc.share.has(ROOT.meta)) return 0;
  const version = doc.getMap(ROOT.meta).get('formatVersion');
  if (typeof version !== 'number' || version >= 2) return 0;
  const roots = roomRoots(doc);
  let moved = 0;
  doc.transact(() => {
    const migrated: number[] = [];
    roots.timeline.forEach((item, index) => {
      const entry = readMapEntry(item);
      // A map that does not read as an entry (a misbehaving peer's) stays: it never showed.
      if (!entry) return;
      migrated.push(index);
      if (roots.timelineEntries.has(entry.id)) return;
      roots.timelineEntries.set(entry.id, encodeTimelineRecord(migratedRecord(entry)));
      moved += 1;
    });
    deleteIndexes(roots.timeline, migrated);
    roots.meta.set('formatVersion', 2);
  }, origin);
  return moved;
}

function migratedRecord(entry: EntryState): EntryRecord {
  const { pinned, deleted, revisions, ...fields } = entry;
  const record: EntryRecord = { type: 'entry', ...fields };
  if (pinned === null && deleted === null && revisions.length === 0) return record;
  return { ...record, migrated: { pin: pinned, deleted, revisions } };
}

/** Deletes the items at `indexes` (ascending), a run of neighbours at a time, from the end. */
function deleteIndexes(array: Y.Array<unknown>, indexes: readonly number[]): void {
  let end = indexes.length;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && indexes[start - 1] === indexes[start]! - 1) start -= 1;
    array.delete(indexes[start]!, end - start);
    end = start;
  }
}
