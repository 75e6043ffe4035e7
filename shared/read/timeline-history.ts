import * as Y from 'yjs';
import type { RoomRoots } from '../doc/roots';
import { recordEntryId, type EntryChange } from '../doc/timeline-records';
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

/** The two places entries live: format 1's Y.Maps and format 2's log of records. */
export type TimelineRoots = Pick<RoomRoots, 'timeline' | 'timelineLog'>;

interface EntryHistory {
  base: EntryState;
  /** Whether `base` came from a record in the log (which wins over a format-1 Y.Map). */
  fromLog: boolean;
}

/**
 * Every entry of the room (tombstones included) with its changes applied, by id. One rule for
 * both formats and for a room caught half-way (a migration arriving while someone edits):
 * - an entry's base is its first entry record in log order, else its format-1 Y.Map (records
 *   supersede the map they were migrated from; a second record with the same id, from two hosts
 *   migrating at once, is a copy and is ignored);
 * - its changes are the change records naming it, in log order, wherever they sit in the log
 *   (a change made to the Y.Map's entry before the migration reached that writer applies to the
 *   migrated record too: the migration copies the map, never a view with changes in it).
 * `only`, when given, limits the work to those ids.
 */
export function readEntryStates(
  roots: TimelineRoots,
  only?: ReadonlySet<string>,
): Map<string, EntryState> {
  const histories = new Map<string, EntryHistory>();
  const changes = new Map<string, EntryChange[]>();
  if (roots.timeline.length > 0) {
    for (const item of roots.timeline) {
      if (only && !(item instanceof Y.Map && only.has(item.get('id') as string))) continue;
      const base = readMapEntry(item);
      if (!base || histories.has(base.id)) continue;
      histories.set(base.id, { base, fromLog: false });
    }
  }
  for (const item of roots.timelineLog) {
    const id = recordEntryId(item);
    if (id === null || (only && !only.has(id))) continue;
    const change = readEntryChange(item);
    if (change) {
      const list = changes.get(id);
      if (list) list.push(change);
      else changes.set(id, [change]);
      continue;
    }
    const known = histories.get(id);
    if (known?.fromLog) continue;
    const base = readEntryRecord(item);
    if (base) histories.set(id, { base, fromLog: true });
  }
  const states = new Map<string, EntryState>();
  for (const [id, { base }] of histories) {
    states.set(id, applyEntryChanges(base, changes.get(id) ?? []));
  }
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

/** Whether the room still holds format-1 entries (Y.Maps in `timeline`) to migrate. */
export function hasMapEntries(timeline: Y.Array<unknown>): boolean {
  for (const item of timeline) if (readMapEntry(item)) return true;
  return false;
}
