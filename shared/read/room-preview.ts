import * as Y from 'yjs';
import { ENTRY_KINDS, isOneOf } from '../doc/enums';
import { roomRoots } from '../doc/roots';
import { assembleRoom } from './assemble-room';
import { readRoomParts, type RoomParts } from './room-parts';
import { readTimelineEntry } from './timeline-entry';
import { compareKeyed, type KeyedEntry, type TimelineSortKey } from './timeline-order';
import type { RoomSnapshot, TimelineEntryView } from './types';

/**
 * What a window paints first when it opens a big room: every part of the room as `readRoom` reads
 * it, except that the timeline holds only its newest entries and the pinned ones. The host keeps
 * one per room file (so a room opens without loading its whole document first) and reads it live
 * for a room it has loaded; the window shows it until its own replica has synced.
 */
export interface RoomPreview {
  parts: RoomParts;
  /** How many visible entries the whole timeline has (`parts.timeline` holds the newest of them). */
  timelineTotal: number;
}

/** About five screens of rows: what a person sees first, and some scrolling back. */
export const PREVIEW_TAIL_ENTRIES = 100;

/**
 * The preview of a room: its parts, with the timeline's newest `tail` entries plus every pinned
 * one, in timeline order. Costs a pass over the entries' sort keys, not a read of every entry, so
 * it stays a few milliseconds at 10,000 entries. Its timeline equals the matching entries of
 * `readRoom(doc).timeline`, in the same order (a test holds it to that).
 */
export function readRoomPreview(doc: Y.Doc, tail: number = PREVIEW_TAIL_ENTRIES): RoomPreview {
  let timelineTotal = 0;
  const readTail = (timeline: Y.Array<unknown>): TimelineEntryView[] => {
    const keyed = sortKeys(timeline);
    const chosen: TimelineEntryView[] = [];
    let newest = 0;
    // From the newest back. An item that does not read as an entry (written by a misbehaving
    // peer) is skipped, so the tail still holds `tail` real entries.
    for (let index = keyed.length - 1; index >= 0; index -= 1) {
      const { item, pinned } = keyed[index]!.entry;
      if (newest >= tail && !pinned) continue;
      const view = readTimelineEntry(item);
      if (!view) continue;
      chosen.push(view);
      if (newest < tail) newest += 1;
    }
    // Entries outside the tail are counted by their keys, not read: reading each would cost what
    // the preview saves. An entry malformed in a way only the full read sees (a bad author) may be
    // counted; the count is only shown until the whole room is read.
    timelineTotal = keyed.length;
    return chosen.reverse();
  };
  return { parts: readRoomParts(doc, roomRoots(doc), readTail), timelineTotal };
}

interface EntryKey extends TimelineSortKey {
  item: Y.Map<unknown>;
  pinned: boolean;
}

/** The visible entries' sort keys, sorted stably as readRoom sorts (ties keep array order). */
function sortKeys(timeline: Y.Array<unknown>): Array<KeyedEntry<EntryKey>> {
  const keyed: Array<KeyedEntry<EntryKey>> = [];
  for (const item of timeline) {
    if (!(item instanceof Y.Map)) continue;
    const map = item as Y.Map<unknown>;
    if (map.get('deleted')) continue;
    const id = map.get('id');
    const at = map.get('at');
    const recordedAt = map.get('recordedAt');
    // Without these an item cannot be read as an entry, and readRoom never sorts it either.
    if (typeof id !== 'string' || typeof at !== 'string' || typeof recordedAt !== 'string')
      continue;
    const atMs = Date.parse(at);
    const recordedAtMs = Date.parse(recordedAt);
    if (!Number.isFinite(atMs) || !Number.isFinite(recordedAtMs)) continue;
    if (!isOneOf(ENTRY_KINDS, map.get('kind')) || typeof map.get('text') !== 'string') continue;
    const entry = { id, at, recordedAt, item: map, pinned: map.get('pin') != null };
    keyed.push({ entry, atMs, recordedAtMs });
  }
  return keyed.sort(compareKeyed);
}

/** The snapshot a window shows for a preview, with its clocks (cadence, stabilization) at `nowMs`. */
export function previewSnapshot(preview: RoomPreview, nowMs: number): RoomSnapshot {
  return assembleRoom(preview.parts, nowMs);
}
