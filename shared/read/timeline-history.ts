import * as Y from 'yjs';
import type { RoomRoots } from '../doc/roots';
import { decodeTimelineRecord, type EntryChange } from '../doc/timeline-records';
import {
  applyEntryChanges,
  entryView,
  readEntryChange,
  readEntryRecord,
  readMapEntry,
  type EntryState,
} from './timeline-entry';
import { sortTimeline } from './timeline-order';
import type { TimelineEntryView } from './types';

/** Where entries live: format 1's Y.Maps, and format 2's records and changes. */
export type TimelineRoots = Pick<RoomRoots, 'timeline' | 'timelineEntries' | 'timelineChanges'>;

/**
 * Every entry of the room (tombstones included) with its changes applied, by id. One rule for
 * both formats and for a room caught half-way (a migration arriving while someone edits):
 * - an entry's base is its record in `timelineEntries`, else its format-1 Y.Map (a record
 *   supersedes the map it was migrated from; two hosts migrating at once write the same record
 *   under the same key, and the map keeps one);
 * - its changes are the change records naming it, in `timelineChanges` order. A change made to
 *   a format-1 entry before the migration reached its writer applies to the migrated record too:
 *   the migration copies the map, never a view with changes in it.
 * `only`, when given, limits the work to those ids.
 */
export function readEntryStates(
  roots: TimelineRoots,
  only?: ReadonlySet<string>,
): Map<string, EntryState> {
  const bases = new Map<string, EntryState>();
  if (roots.timeline.length > 0) {
    for (const item of roots.timeline) {
      if (only && !(item instanceof Y.Map && only.has(item.get('id') as string))) continue;
      const base = readMapEntry(item);
      if (base && !bases.has(base.id)) bases.set(base.id, base);
    }
  }
  const readRecord = (id: string, stored: unknown): void => {
    const base = readEntryRecord(decodeTimelineRecord(stored));
    // A record must sit under its own id; one that does not is junk.
    if (base?.id === id) bases.set(id, base);
  };
  if (only) {
    for (const id of only) {
      if (roots.timelineEntries.has(id)) readRecord(id, roots.timelineEntries.get(id));
    }
  } else {
    roots.timelineEntries.forEach((stored, id) => readRecord(id, stored));
  }
  const changes = new Map<string, EntryChange[]>();
  for (const stored of roots.timelineChanges) {
    const change = readEntryChange(decodeTimelineRecord(stored));
    if (!change || (only && !only.has(change.entryId))) continue;
    const list = changes.get(change.entryId);
    if (list) list.push(change);
    else changes.set(change.entryId, [change]);
  }
  const states = new Map<string, EntryState>();
  for (const [id, base] of bases) states.set(id, applyEntryChanges(base, changes.get(id) ?? []));
  return states;
}

/** One entry, tombstone included, as `readEntryStates` reads it; null when there is none. */
export function readEntryState(roots: TimelineRoots, id: string): EntryState | null {
  return readEntryStates(roots, new Set([id])).get(id) ?? null;
}

/** Every visible entry, in timeline order. */
export function readWholeTimeline(roots: TimelineRoots): TimelineEntryView[] {
  const views: TimelineEntryView[] = [];
  for (const state of readEntryStates(roots).values()) {
    const view = entryView(state);
    if (view) views.push(view);
  }
  return sortTimeline(views);
}
