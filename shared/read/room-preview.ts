import type * as Y from 'yjs';
import { roomRoots } from '../doc/roots';
import { assembleRoom } from './assemble-room';
import { readRoomParts, type RoomParts } from './room-parts';
import { readWholeTimeline, type TimelineRoots } from './timeline-history';
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
 * one, in timeline order. Its timeline equals the matching entries of `readRoom(doc).timeline`,
 * in the same order (a test holds it to that). Format 2's records make reading every entry cheap
 * (about 10 ms at 10,000), so the preview is cut from the whole timeline rather than read apart.
 */
export function readRoomPreview(doc: Y.Doc, tail: number = PREVIEW_TAIL_ENTRIES): RoomPreview {
  let timelineTotal = 0;
  const readTail = (roots: TimelineRoots): TimelineEntryView[] => {
    const whole = readWholeTimeline(roots);
    timelineTotal = whole.length;
    const firstOfTail = Math.max(0, whole.length - tail);
    return whole.filter((entry, index) => index >= firstOfTail || entry.pinned !== null);
  };
  return { parts: readRoomParts(doc, roomRoots(doc), readTail), timelineTotal };
}

/** The snapshot a window shows for a preview, with its clocks (cadence, stabilization) at `nowMs`. */
export function previewSnapshot(preview: RoomPreview, nowMs: number): RoomSnapshot {
  return assembleRoom(preview.parts, nowMs);
}
