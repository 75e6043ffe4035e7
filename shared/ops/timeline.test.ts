import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectRefused } from '../fixtures/expect-refused';
import { ROOM_START, declaredTestRoom } from '../fixtures/test-room';
import { roomRoots } from '../doc/roots';
import { readRoom } from '../read/index';
import { readEntryState } from '../read/timeline-history';
import { setSeverity } from './severity';
import { deleteEntry, editEntry, logEntry, pinEntry, unpinEntry } from './timeline';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('logEntry', () => {
  it('records event time separately from recorded time, with recorder, author, offset and offline flag', () => {
    const { doc, clock } = declaredTestRoom();
    clock.advanceMinutes(10);
    const ctx = {
      ...clock.as({ id: 'u-scribe', name: 'Sol' }),
      clockOffsetMs: -1200,
      offline: true,
    };
    const { id } = logEntry(doc, ctx, {
      text: 'Replica lag 47 s and climbing',
      kind: 'observation',
      at: '2026-03-24T02:50:00+00:00',
      author: { id: 'u-ops', name: 'Omar' },
    });
    const entry = readRoom(doc, { now: clock.now() }).timeline.find((e) => e.id === id);
    expect(entry).toMatchObject({
      at: '2026-03-24T02:50:00.000Z',
      recordedAt: '2026-03-24T02:57:00.000Z',
      recorder: { id: 'u-scribe', name: 'Sol' },
      author: { id: 'u-ops', name: 'Omar' },
      kind: 'observation',
      text: 'Replica lag 47 s and climbing',
      clockOffsetMs: -1200,
      offline: true,
      pinned: null,
      ref: null,
    });
  });

  it('is easy to call from a script: a name as author, epoch ms, kind defaults to note', () => {
    const { doc, clock, ops } = declaredTestRoom();
    const at = Date.parse(ROOM_START) - 60_000;
    const { id } = logEntry(doc, ops, {
      text: 'rollback started by script',
      author: 'rollback.sh',
      at,
    });
    const entry = readRoom(doc, { now: clock.now() }).timeline.find((e) => e.id === id);
    expect(entry).toMatchObject({
      kind: 'note',
      author: { id: null, name: 'rollback.sh' },
      at: '2026-03-24T02:46:00.000Z',
    });
  });

  it('converts zone offsets to UTC', () => {
    const { doc, clock, ops } = declaredTestRoom();
    const { id } = logEntry(doc, ops, { text: 'x', at: '2026-03-24T04:40:00+02:00' });
    expect(readRoom(doc, { now: clock.now() }).timeline.find((e) => e.id === id)?.at).toBe(
      '2026-03-24T02:40:00.000Z',
    );
  });

  it.each([
    ['empty text', { text: ' \n ' }],
    ['oversized text', { text: 'x'.repeat(4001) }],
    ['unknown kind', { text: 'x', kind: 'gossip' }],
    ['local time without zone', { text: 'x', at: '2026-03-24 02:40' }],
    ['nonsense date', { text: 'x', at: '2026-13-45T99:00:00Z' }],
    ['seconds instead of ms', { text: 'x', at: 1_774_320_000 }],
    ['future event', { text: 'x', at: '2026-03-24T03:00:00Z' }],
    ['empty author', { text: 'x', author: '' }],
    ['text not a string', { text: 42 }],
  ])('refuses %s and changes nothing', (_label, input) => {
    const { doc, ops } = declaredTestRoom();
    // Deliberately malformed input, as an HTTP caller could send it.
    expectRefused(doc, 'invalid-input', () =>
      logEntry(doc, ops, input as Parameters<typeof logEntry>[2]),
    );
  });

  it('tolerates a caller clock a few minutes ahead', () => {
    const { doc, ops } = declaredTestRoom();
    expect(() => logEntry(doc, ops, { text: 'x', at: '2026-03-24T02:51:00Z' })).not.toThrow();
  });
});

describe('editEntry', () => {
  it('changes text, kind and time and keeps each change as a revision', () => {
    const { doc, clock, ops, scribe } = declaredTestRoom();
    const { id } = logEntry(doc, ops, { text: 'disk I/O saturated', kind: 'note' });
    clock.advanceMinutes(2);
    editEntry(doc, scribe, {
      id,
      text: 'primary disk I/O saturated at 100%',
      kind: 'observation',
      at: '2026-03-24T02:44:00Z',
    });
    const entry = readRoom(doc, { now: clock.now() }).timeline.find((e) => e.id === id);
    expect(entry).toMatchObject({
      text: 'primary disk I/O saturated at 100%',
      kind: 'observation',
      at: '2026-03-24T02:44:00.000Z',
    });
    expect(entry?.revisions.map((r) => [r.field, r.from, r.to, r.by.id])).toEqual([
      ['text', 'disk I/O saturated', 'primary disk I/O saturated at 100%', 'u-scribe'],
      ['kind', 'note', 'observation', 'u-scribe'],
      ['at', ROOM_START, '2026-03-24T02:44:00.000Z', 'u-scribe'],
    ]);
  });

  it('keeps both concurrent edits of different fields', () => {
    const { doc, clock, ops, scribe } = declaredTestRoom();
    const { id } = logEntry(doc, ops, { text: 'failover', kind: 'note' });
    const other = new Y.Doc();
    sync(doc, other);
    editEntry(doc, ops, { id, text: 'failover to secondary cluster' });
    editEntry(other, scribe, { id, kind: 'action' });
    sync(doc, other);
    for (const replica of [doc, other]) {
      expect(
        readRoom(replica, { now: clock.now() }).timeline.find((e) => e.id === id),
      ).toMatchObject({
        text: 'failover to secondary cluster',
        kind: 'action',
      });
    }
  });

  it('keeps the losing words of two concurrent text edits in the revisions', () => {
    const { doc, clock, ops, scribe } = declaredTestRoom();
    const { id } = logEntry(doc, ops, { text: 'restart' });
    const other = new Y.Doc();
    sync(doc, other);
    editEntry(doc, ops, { id, text: 'restart node 1' });
    editEntry(other, scribe, { id, text: 'restart node 2' });
    sync(doc, other);
    const entry = readRoom(doc, { now: clock.now() }).timeline.find((e) => e.id === id);
    const written = entry?.revisions.map((r) => r.to).sort();
    expect(written).toEqual(['restart node 1', 'restart node 2']);
    expect(['restart node 1', 'restart node 2']).toContain(entry?.text);
    expect(readRoom(other, { now: clock.now() })).toEqual(readRoom(doc, { now: clock.now() }));
  });

  it('refuses unknown ids, empty edits, no-op edits, deleted and generated entries', () => {
    const { doc, ops, ic } = declaredTestRoom();
    const { id } = logEntry(doc, ops, { text: 'x' });
    expectRefused(doc, 'not-found', () => editEntry(doc, ops, { id: 'nope', text: 'y' }));
    expectRefused(doc, 'invalid-input', () => editEntry(doc, ops, { id }));
    expectRefused(doc, 'invalid-input', () => editEntry(doc, ops, { id, text: '' }));
    expectRefused(doc, 'invalid-transition', () => editEntry(doc, ops, { id, text: 'x' }));
    const generated = setSeverity(doc, ic, { severity: 'SEV2' });
    expectRefused(doc, 'entry-protected', () =>
      editEntry(doc, ops, { id: generated.entryId, text: 'SEV3 really' }),
    );
    expectRefused(doc, 'entry-protected', () => deleteEntry(doc, ops, { id: generated.entryId }));
    deleteEntry(doc, ops, { id });
    expectRefused(doc, 'entry-deleted', () => editEntry(doc, ops, { id, text: 'y' }));
  });
});

describe('pin, unpin and delete', () => {
  it('pins with attribution, unpins, and refuses repeating either', () => {
    const { doc, clock, ops, ic } = declaredTestRoom();
    const { id } = logEntry(doc, ops, { text: 'Bridge: meet/incident-room' });
    pinEntry(doc, ic, { id });
    let room = readRoom(doc, { now: clock.now() });
    expect(room.pinnedIds).toEqual([id]);
    expect(room.timeline.find((e) => e.id === id)?.pinned).toEqual({
      by: { id: 'u-ic', name: 'Iris' },
      at: ROOM_START,
    });
    expectRefused(doc, 'invalid-transition', () => pinEntry(doc, ic, { id }));
    unpinEntry(doc, ops, { id });
    room = readRoom(doc, { now: clock.now() });
    expect(room.pinnedIds).toEqual([]);
    expectRefused(doc, 'invalid-transition', () => unpinEntry(doc, ops, { id }));
    expectRefused(doc, 'not-found', () => pinEntry(doc, ops, { id: 'missing' }));
  });

  it('hides a deleted entry from views but keeps an attributed tombstone with the words', () => {
    const { doc, clock, ops, scribe } = declaredTestRoom();
    const { id } = logEntry(doc, ops, { text: 'wrong channel, ignore' });
    pinEntry(doc, ops, { id });
    deleteEntry(doc, scribe, { id });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.timeline.some((e) => e.id === id)).toBe(false);
    expect(room.pinnedIds).toEqual([]);
    const stored = readEntryState(roomRoots(doc), id);
    expect(stored?.deleted).toEqual({ by: { id: 'u-scribe', name: 'Sol' }, at: ROOM_START });
    expect(stored?.text).toBe('wrong channel, ignore');
    expectRefused(doc, 'entry-deleted', () => deleteEntry(doc, scribe, { id }));
    expectRefused(doc, 'entry-deleted', () => unpinEntry(doc, scribe, { id }));
  });
});
