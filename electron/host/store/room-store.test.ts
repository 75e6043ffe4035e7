import Database from 'better-sqlite3';
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tempDir } from '../testing/test-fixtures';
import { mergeAll, RoomStore } from './room-store';
import { LocalStoreError } from './store-errors';

const dirs: Array<{ remove: () => void }> = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function roomPath(): string {
  const dir = tempDir('ir-store-');
  dirs.push(dir);
  return join(dir.path, 'room.sqlite');
}

/** A doc whose every update goes into the store, as RoomSession does. */
function storedDoc(store: RoomStore): Y.Doc {
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => store.appendUpdate(update, 'local'));
  return doc;
}

function reload(store: RoomStore): Y.Doc {
  const doc = new Y.Doc();
  const state = store.loadState();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const update of state.updates) Y.applyUpdate(doc, update);
  return doc;
}

type Edit =
  { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ minLength: 1, maxLength: 30 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 10 }),
  }),
);

function applyEdit(doc: Y.Doc, edit: Edit): void {
  const text = doc.getText('statusDraft');
  const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
  if (edit.kind === 'insert') text.insert(at, edit.text);
  else if (text.length > at) text.delete(at, Math.min(edit.length, text.length - at));
  doc.getMap<number>('meta').set('edits', (doc.getMap<number>('meta').get('edits') ?? 0) + 1);
}

describe('RoomStore', () => {
  it('keeps every appended update across a reopen', () => {
    const path = roomPath();
    const store = new RoomStore(path);
    const doc = storedDoc(store);
    doc.getArray<string>('timeline').push(['first', 'second']);
    doc.getText('statusDraft').insert(0, 'Investigating');
    store.close();
    const reopened = new RoomStore(path);
    const copy = reload(reopened);
    expect(copy.getArray('timeline').toArray()).toEqual(['first', 'second']);
    expect(copy.getText('statusDraft').toJSON()).toBe('Investigating');
    expect(reopened.unconfirmedUpdates()).toHaveLength(2);
    reopened.close();
  });

  it('compaction leaves the content identical, for any history of edits', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 60 }), (edits) => {
        const path = roomPath();
        const store = new RoomStore(path, { maxUpdates: 1_000_000, maxBytes: 1_000_000_000 });
        const doc = storedDoc(store);
        const half = Math.floor(edits.length / 2);
        edits.slice(0, half).forEach((edit) => applyEdit(doc, edit));
        store.compact();
        edits.slice(half).forEach((edit) => applyEdit(doc, edit));
        store.compact();
        expect(store.logSize().updates).toBe(0);
        const copy = reload(store);
        expect(copy.getText('statusDraft').toJSON()).toBe(doc.getText('statusDraft').toJSON());
        expect(copy.getMap('meta').toJSON()).toEqual(doc.getMap('meta').toJSON());
        expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
        store.close();
      }),
      { numRuns: 25 },
    );
  });

  it('compacts a log longer than one merge takes (merged in groups) to the same content', () => {
    const path = roomPath();
    const store = new RoomStore(path, { maxUpdates: 1_000_000, maxBytes: 1_000_000_000 });
    const doc = storedDoc(store);
    const other = new Y.Doc();
    // 3 × 64 + 7 updates: four groups, then their merge. Two writers, so clients interleave.
    for (let i = 0; i < 3 * 64 + 7; i += 1) {
      if (i % 5 === 4) {
        other.getArray<number>('timeline').push([i]);
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
      } else {
        applyEdit(
          doc,
          i % 7 === 6
            ? { kind: 'delete', at: i * 31, length: 2 }
            : { kind: 'insert', at: i, text: 'k' },
        );
      }
    }
    const expected = Y.mergeUpdates(store.loadState().updates);
    store.compact();
    const copy = reload(store);
    expect(copy.getText('statusDraft').toJSON()).toBe(doc.getText('statusDraft').toJSON());
    expect(copy.getArray('timeline').toJSON()).toEqual(doc.getArray('timeline').toJSON());
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
    const fromOneMerge = new Y.Doc();
    Y.applyUpdate(fromOneMerge, expected);
    expect(Y.encodeStateAsUpdate(copy)).toEqual(Y.encodeStateAsUpdate(fromOneMerge));
    store.close();
  });

  it("compacts from an open room's live state to the same content, in fewer bytes", () => {
    const path = roomPath();
    const store = new RoomStore(path, { maxUpdates: 1_000_000, maxBytes: 1_000_000_000 });
    const doc = storedDoc(store);
    // Typing with backspaces: the merged log keeps every deleted keystroke, the live doc does not.
    for (let i = 0; i < 400; i += 1) {
      const text = doc.getText('statusDraft');
      if (i % 4 === 3) text.delete(text.length - 1, 1);
      else text.insert(text.length, String.fromCharCode(97 + (i % 26)));
    }
    const merged = mergeAll(store.loadState().updates);
    store.compact(Y.encodeStateAsUpdate(doc));
    expect(store.logSize().updates).toBe(0);
    const snapshot = store.loadState().snapshot!;
    expect(snapshot.byteLength).toBeLessThan(merged.byteLength);
    const copy = reload(store);
    expect(copy.getText('statusDraft').toJSON()).toBe(doc.getText('statusDraft').toJSON());
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
    // Later edits build on the live snapshot like on a merged one.
    doc.getText('statusDraft').insert(0, 'Update: ');
    expect(reload(store).getText('statusDraft').toJSON()).toBe(doc.getText('statusDraft').toJSON());
    store.close();
  });

  it('compacts by count and by size, and a plain reopen does not rewrite the snapshot', () => {
    const path = roomPath();
    const byCount = new RoomStore(path, { maxUpdates: 10, maxBytes: 1_000_000 });
    const doc = storedDoc(byCount);
    for (let i = 0; i < 9; i += 1) doc.getArray<number>('timeline').push([i]);
    expect(byCount.needsCompaction()).toBe(false);
    doc.getArray<number>('timeline').push([9]);
    expect(byCount.needsCompaction()).toBe(true);
    byCount.compact();
    expect(byCount.needsCompaction()).toBe(false);
    byCount.close();

    const snapshotStamp = (): unknown =>
      new Database(path, { readonly: true })
        .prepare('SELECT compacted_at, through_seq FROM snapshot')
        .get();
    const before = snapshotStamp();
    new RoomStore(path, { maxUpdates: 10, maxBytes: 1_000_000 }).close();
    expect(snapshotStamp()).toEqual(before);

    const bySize = new RoomStore(path, { maxUpdates: 1_000_000, maxBytes: 4096 });
    const bigDoc = storedDoc(bySize);
    bigDoc.getText('statusDraft').insert(0, 'x'.repeat(5000));
    expect(bySize.needsCompaction()).toBe(true);
    bySize.compact();
    expect(bySize.logSize()).toEqual({ updates: 0, bytes: 0 });
    bySize.close();
  });

  it('forgets confirmed updates and keeps the relay state vector', () => {
    const path = roomPath();
    const store = new RoomStore(path);
    const doc = storedDoc(store);
    doc.getArray<string>('timeline').push(['a']);
    doc.getArray<string>('timeline').push(['b']);
    const [first] = store.unconfirmedUpdates();
    store.recordConfirmed(Y.encodeStateVector(doc), first ? [first.seq] : []);
    store.close();
    const reopened = new RoomStore(path);
    expect(reopened.unconfirmedUpdates()).toHaveLength(1);
    expect(reopened.confirmedStateVector()?.stateVector).toEqual(Y.encodeStateVector(doc));
    reopened.close();
  });

  it('refuses a garbage file with a typed error and keeps it aside, byte for byte', () => {
    const path = roomPath();
    const garbage = Buffer.from('this is not a database, it is somebody’s only copy'.repeat(200));
    writeFileSync(path, garbage);
    let caught: unknown = null;
    try {
      new RoomStore(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LocalStoreError);
    const failure = caught as LocalStoreError;
    expect(failure.kind).toBe('corrupt');
    expect(failure.message).toContain(path);
    expect(failure.movedAsideTo).toMatch(/room\.sqlite\.corrupt-\d{4}-\d\d-\d\dT/);
    expect(readFileSync(failure.movedAsideTo ?? '')).toEqual(garbage);
    expect(existsSync(path)).toBe(false);
    const fresh = new RoomStore(path);
    expect(fresh.loadState()).toEqual({ snapshot: null, updates: [] });
    fresh.close();
  });

  it('detects damaged pages inside a real database', () => {
    const path = roomPath();
    const store = new RoomStore(path);
    const doc = storedDoc(store);
    for (let i = 0; i < 200; i += 1)
      doc.getArray<string>('timeline').push([`entry ${i} `.repeat(20)]);
    store.compact();
    store.close();
    const bytes = readFileSync(path);
    // Keep the header (first page) valid so SQLite opens it; scribble over the b-tree pages.
    for (let offset = 4096; offset < bytes.length; offset += 997)
      bytes[offset] = 0xff - (bytes[offset] ?? 0);
    writeFileSync(path, bytes);
    expect(() => new RoomStore(path)).toThrow(LocalStoreError);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a file from a newer app without moving it', () => {
    const path = roomPath();
    new RoomStore(path).close();
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => new RoomStore(path)).toThrow(/newer Incident Room/);
    expect(existsSync(path)).toBe(true);
  });
});
