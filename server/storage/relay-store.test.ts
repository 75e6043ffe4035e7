import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateRoomKeys } from '../auth/room-keys';
import { migrations } from './migrations';
import { RELAY_DATABASE_FILE, RelayStore } from './relay-store';

const open: RelayStore[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

function freshStore(dir = mkdtempSync(join(tmpdir(), 'relay-store-'))): {
  store: RelayStore;
  dir: string;
} {
  const store = RelayStore.open(dir);
  open.push(store);
  return { store, dir };
}

function createRoom(store: RelayStore, id: string): void {
  const keys = generateRoomKeys();
  expect(store.createRoom({ id, ...keys, createdAt: Date.now() })).toBe(true);
}

function replay(state: { snapshot: Uint8Array | null; updates: readonly Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const update of state.updates) Y.applyUpdate(doc, update);
  return doc;
}

describe('RelayStore', () => {
  it('creates the schema in WAL mode at the newest migration', () => {
    const { store, dir } = freshStore();
    store.close();
    const db = new Database(join(dir, RELAY_DATABASE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    db.close();
  });

  it('refuses a database from a newer relay instead of guessing', () => {
    const { store, dir } = freshStore();
    store.close();
    const db = new Database(join(dir, RELAY_DATABASE_FILE));
    db.pragma('user_version = 999');
    db.close();
    expect(() => RelayStore.open(dir)).toThrow(/schema 999/);
  });

  it('keeps room ids unique', () => {
    const { store } = freshStore();
    createRoom(store, 'r1');
    const keys = generateRoomKeys();
    expect(store.createRoom({ id: 'r1', ...keys, createdAt: 0 })).toBe(false);
    expect(store.countRooms()).toBe(1);
    expect(store.findRoom('r2')).toBeUndefined();
  });

  it('replays snapshot + log to the same document before and after compaction, across reopen', () => {
    const { store, dir } = freshStore();
    createRoom(store, 'room');
    createRoom(store, 'neighbour');
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => store.appendUpdate('room', update));
    const neighbourSeq = store.appendUpdate('neighbour', Y.encodeStateAsUpdate(new Y.Doc()));
    const lines = doc.getArray<string>('lines');
    for (let i = 0; i < 10; i++) lines.push([`line ${i}`]);
    lines.delete(0, 2);

    const logged = store.loadRoomState('room');
    expect(logged.updates).toHaveLength(11);
    expect(replay(logged).getArray('lines').toJSON()).toEqual(lines.toJSON());

    store.compactRoom('room', Y.encodeStateAsUpdate(doc), logged.lastSeq);
    lines.push(['after compaction']);
    const compacted = store.loadRoomState('room');
    expect(compacted.updates).toHaveLength(1);
    expect(compacted.snapshot).not.toBeNull();
    expect(replay(compacted).getArray('lines').toJSON()).toEqual(lines.toJSON());
    // Another room's log is not touched by this room's compaction.
    expect(store.loadRoomState('neighbour').lastSeq).toBe(neighbourSeq);

    store.close();
    const reopened = freshStore(dir).store;
    expect(replay(reopened.loadRoomState('room')).getArray('lines').toJSON()).toEqual(
      lines.toJSON(),
    );
  });
});
