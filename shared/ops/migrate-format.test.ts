import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FORMAT_1_ROOM_NAMES, loadFormat1Room } from '../fixtures/format-1-rooms';
import { ScriptedClock } from '../fixtures/scripted-clock';
import { readRoom } from '../read/read-room';
import { readWholeTimeline } from '../read/timeline-history';
import { roomRoots } from '../doc/roots';
import { FORMAT_MIGRATION_ORIGIN, migrateToFormat2 } from './migrate-format';
import { editEntry, logEntry, pinEntry } from './timeline';

const NOW = Date.parse('2026-03-24T06:00:00.000Z');

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** The room as people see it, with the format version (which the migration does change) aside. */
function seen(doc: Y.Doc): unknown {
  return { ...readRoom(doc, { now: NOW }), formatVersion: 'any' };
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('migrateToFormat2', () => {
  it.each(FORMAT_1_ROOM_NAMES)('moves %s to records and reads the same', (name) => {
    const doc = loadFormat1Room(name);
    const before = seen(doc);
    expect(readRoom(doc).formatVersion).toBe(1);
    const roots = roomRoots(doc);
    const maps = roots.timeline.length;
    expect(maps).toBeGreaterThan(0);

    expect(migrateToFormat2(doc)).toBe(maps);
    expect(seen(doc)).toEqual(before);
    expect(readRoom(doc).formatVersion).toBe(2);
    expect(roots.timeline.length).toBe(0);
    // Tombstones moved too: every map became a record.
    expect(roots.timelineEntries.size).toBe(maps);
    // Once: a second run (or a replica that got the first) finds nothing to do.
    expect(migrateToFormat2(doc)).toBe(0);
    expect(seen(doc)).toEqual(before);
  });

  it('keeps revisions, pins and tombstones across the move', () => {
    const doc = loadFormat1Room('corrections');
    const before = readWholeTimeline(roomRoots(doc));
    expect(before.some((entry) => entry.revisions.length >= 2)).toBe(true);
    expect(before.some((entry) => entry.pinned !== null)).toBe(true);
    migrateToFormat2(doc);
    expect(readWholeTimeline(roomRoots(doc))).toEqual(before);
  });

  it('does nothing to an undeclared room or a room already in format 2', () => {
    const empty = new Y.Doc();
    expect(migrateToFormat2(empty)).toBe(0);
    expect(Y.encodeStateAsUpdate(empty)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
    const migrated = loadFormat1Room('seed000');
    migrateToFormat2(migrated);
    const state = Y.encodeStateVector(migrated);
    migrateToFormat2(migrated);
    expect(Y.encodeStateVector(migrated)).toEqual(state);
  });

  it('adds no root to a room it leaves alone (the relay runs it on every room it loads)', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('formatVersion', 2);
    doc.getText('statusDraft').insert(0, 'Investigating');
    const roots = [...doc.share.keys()];
    migrateToFormat2(doc);
    expect([...doc.share.keys()]).toEqual(roots);
    const empty = new Y.Doc();
    migrateToFormat2(empty);
    expect([...empty.share.keys()]).toEqual([]);
  });

  it('converges when two hosts migrate at once while people edit, pin and log', () => {
    const original = loadFormat1Room('corrections');
    const entries = readWholeTimeline(roomRoots(original));
    const [first, second] = entries.filter((entry) => entry.ref === null);
    const clock = new ScriptedClock('2026-03-24T05:00:00.000Z');
    const alice = copyOf(original);
    const bob = copyOf(original);
    const carol = copyOf(original);
    // Alice and Bob both migrate; Carol, not yet migrated, corrects and pins format-1 entries.
    migrateToFormat2(alice);
    editEntry(alice, clock.as({ id: 'u-alice', name: 'Alice' }), { id: first!.id, text: 'A' });
    migrateToFormat2(bob);
    logEntry(bob, clock.as({ id: 'u-bob', name: 'Bob' }), { text: 'Logged during the move' });
    editEntry(carol, clock.as({ id: 'u-carol', name: 'Carol' }), { id: first!.id, kind: 'action' });
    pinEntry(carol, clock.as({ id: 'u-carol', name: 'Carol' }), { id: second!.id });

    sync(alice, bob);
    sync(bob, carol);
    sync(alice, carol);
    const room = seen(alice);
    expect(seen(bob)).toEqual(room);
    expect(seen(carol)).toEqual(room);

    const timeline = readRoom(alice).timeline;
    // Nothing doubled by the two migrations, nothing lost: the one new entry is added.
    expect(timeline).toHaveLength(entries.length + 1);
    const edited = timeline.find((entry) => entry.id === first!.id)!;
    expect(edited).toMatchObject({ text: 'A', kind: 'action' });
    expect(edited.revisions.map((revision) => revision.to)).toEqual(
      expect.arrayContaining(['A', 'action']),
    );
    expect(timeline.find((entry) => entry.id === second!.id)?.pinned?.by.name).toBe('Carol');
    // Carol's replica, once it has the migration, is format 2 and has no maps left either.
    expect(readRoom(carol).formatVersion).toBe(2);
    expect(migrateToFormat2(carol)).toBe(0);
  });

  it('writes under its own origin, so observers can tell it from a person’s edit', () => {
    const doc = loadFormat1Room('seed004');
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    migrateToFormat2(doc);
    expect(origins).toEqual([FORMAT_MIGRATION_ORIGIN]);
  });
});
