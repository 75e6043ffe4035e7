import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roomRoots } from '../doc/roots';
import { declaredTestRoom } from '../fixtures/test-room';
import { deleteEntry, editEntry, logEntry, pinEntry, proposeDecision } from '../ops';
import { readRoom } from './read-room';
import { previewSnapshot, readRoomPreview } from './room-preview';

/** A room whose timeline order differs from its array order, with pins, deletions and junk. */
function busyRoom(entries: number) {
  const room = declaredTestRoom();
  const ids: string[] = [];
  for (let i = 0; i < entries; i += 1) {
    room.clock.advanceMinutes(0.5);
    // Every fifth entry happened earlier than it was written (logged late, from memory).
    const at = i % 5 === 0 ? new Date(room.clock.now() - 7 * 60_000).toISOString() : undefined;
    const actor = i % 2 === 0 ? room.ops : room.scribe;
    ids.push(logEntry(room.doc, actor, { text: `entry ${i}`, kind: 'observation', at }).id);
  }
  pinEntry(room.doc, room.ic, { id: ids[3]! });
  pinEntry(room.doc, room.ic, { id: ids[entries - 2]! });
  deleteEntry(room.doc, room.scribe, { id: ids[entries - 1]! });
  deleteEntry(room.doc, room.scribe, { id: ids[entries - 4]! });
  room.clock.advanceMinutes(1);
  // Moved from the middle of the room to its newest moment.
  editEntry(room.doc, room.scribe, {
    id: ids[10]!,
    at: new Date(room.clock.now()).toISOString(),
  });
  proposeDecision(room.doc, room.ic, { proposal: 'Fail over to the replica' });
  // Junk from a misbehaving peer: neither is an entry, and neither may take a tail place.
  const junk = new Y.Map<unknown>();
  junk.set('id', 'junk');
  junk.set('at', new Date(room.clock.now()).toISOString());
  junk.set('recordedAt', new Date(room.clock.now()).toISOString());
  junk.set('kind', 'not-a-kind');
  roomRoots(room.doc).timeline.push([junk, 'a string']);
  return { room, ids };
}

describe('readRoomPreview', () => {
  it('holds the newest entries and the pinned ones, as readRoom orders them', () => {
    const { room, ids } = busyRoom(240);
    const whole = readRoom(room.doc, { now: room.clock.now() });
    const preview = readRoomPreview(room.doc, 50);

    const tail = whole.timeline.slice(-50);
    const pinned = whole.timeline.filter((entry) => entry.pinned !== null);
    const expected = whole.timeline.filter(
      (entry) => tail.includes(entry) || pinned.includes(entry),
    );
    expect(preview.parts.timeline).toEqual(expected);
    // The old pinned entry is outside the tail and still there; the moved one is among the
    // newest (only the proposal's entry came after it).
    expect(preview.parts.timeline.map((entry) => entry.id)).toContain(ids[3]);
    expect(preview.parts.timeline.at(-2)?.id).toBe(ids[10]);
    expect(preview.parts.timeline).toHaveLength(51);
    // Deleted entries and junk are not counted.
    expect(preview.timelineTotal).toBe(whole.timeline.length);
  });

  it('assembles into the snapshot readRoom gives, except for the timeline it leaves out', () => {
    const { room } = busyRoom(120);
    const now = room.clock.now();
    const whole = readRoom(room.doc, { now });
    const snapshot = previewSnapshot(readRoomPreview(room.doc, 30), now);
    const { timeline: _all, pinnedIds, ...rest } = whole;
    const { timeline: shown, pinnedIds: shownPins, ...previewRest } = snapshot;
    expect(previewRest).toEqual(rest);
    expect(shownPins).toEqual(pinnedIds);
    const shownIds = new Set(shown.map((entry) => entry.id));
    expect(shown).toEqual(whole.timeline.filter((entry) => shownIds.has(entry.id)));
    expect(shown.length).toBeLessThan(whole.timeline.length);
  });

  it('is the whole timeline for a room smaller than the tail', () => {
    const { room } = busyRoom(12);
    const whole = readRoom(room.doc, { now: room.clock.now() });
    const preview = readRoomPreview(room.doc);
    expect(preview.parts.timeline).toEqual(whole.timeline);
  });

  it('survives JSON, the form the host keeps it in', () => {
    const { room } = busyRoom(40);
    const preview = readRoomPreview(room.doc, 10);
    expect(JSON.parse(JSON.stringify(preview))).toEqual(preview);
  });
});
