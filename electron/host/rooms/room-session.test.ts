import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RoomStore } from '../store/room-store';
import { AppendFailedError } from '../store/store-errors';
import { appendTestEntry, readTestEntries, tempDir } from '../testing/test-fixtures';
import { RoomSession } from './room-session';

const dirs: Array<{ remove: () => void }> = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function localSession(): { session: RoomSession; store: RoomStore; path: string } {
  const dir = tempDir('ir-session-');
  dirs.push(dir);
  const path = join(dir.path, 'room.sqlite');
  const store = new RoomStore(path);
  const record = { localId: 'abcdef0123', title: 't', relay: null, createdAt: 0 };
  return { session: new RoomSession({ record, store }), store, path };
}

describe('RoomSession', () => {
  it('has every change on disk by the time the edit returns', () => {
    const { session, path } = localSession();
    const saved: Uint8Array[] = [];
    session.onSaved((update) => saved.push(update));
    appendTestEntry(session.doc, { id: 'e1', text: 'first', at: 1 });
    expect(saved).toHaveLength(1);
    // Read through a second connection while the session is still open.
    const reader = new RoomStore(path);
    expect(reader.loadState().updates).toHaveLength(1);
    reader.close();
    session.close();
  });

  it('throws out of the edit and reports saveError when the append fails', () => {
    const { session, store } = localSession();
    const statuses: Array<string | null> = [];
    session.onStatus((status) => statuses.push(status.saveError));
    const savedBefore = session.savedStateVector();
    store.close();
    expect(() =>
      session.edit(() => appendTestEntry(session.doc, { id: 'lost', text: 'not saved', at: 1 })),
    ).toThrow(AppendFailedError);
    expect(session.savedStateVector()).toEqual(savedBefore);
    expect(session.status().saveError).toMatch(/not saved|closed/);
    expect(statuses.at(-1)).not.toBeNull();
  });

  it('heals the file after a failed append, so later changes stay readable', () => {
    const { session, path } = localSession();
    appendTestEntry(session.doc, { id: 'e1', text: 'before trouble', at: 1 });
    const admin = new Database(path);
    admin.exec(
      "CREATE TRIGGER trouble BEFORE INSERT ON updates BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
    );
    expect(() =>
      session.edit(() => appendTestEntry(session.doc, { id: 'e2', text: 'during trouble', at: 2 })),
    ).toThrow(AppendFailedError);
    admin.exec('DROP TRIGGER trouble');
    admin.close();
    session.edit(() => appendTestEntry(session.doc, { id: 'e3', text: 'after trouble', at: 3 }));
    expect(session.status().saveError).toBeNull();
    expect(session.savedStateVector()).toEqual(Y.encodeStateVector(session.doc));
    session.close();
    const record = { localId: 'abcdef0123', title: 't', relay: null, createdAt: 0 };
    const reopened = new RoomSession({ record, store: new RoomStore(path) });
    expect(readTestEntries(reopened.doc).map((entry) => entry.id)).toEqual(['e1', 'e2', 'e3']);
    reopened.close();
  });

  it('keeps the pending count and content across close and reopen', () => {
    const { session, path } = localSession();
    appendTestEntry(session.doc, { id: 'e1', text: 'one', at: 1 });
    appendTestEntry(session.doc, { id: 'e2', text: 'two', at: 2 });
    session.close();
    const record = { localId: 'abcdef0123', title: 't', relay: null, createdAt: 0 };
    const reopened = new RoomSession({ record, store: new RoomStore(path) });
    expect(reopened.status()).toMatchObject({
      connection: 'local-only',
      pendingToRelay: 2,
      saveError: null,
    });
    expect(readTestEntries(reopened.doc).map((entry) => entry.id)).toEqual(['e1', 'e2']);
    reopened.close();
  });

  it('opens a room left with a long log at once, then folds the log, and keeps its record', async () => {
    const { session, path } = localSession();
    for (let i = 0; i < 12; i += 1) appendTestEntry(session.doc, { id: `e${i}`, text: 'x', at: i });
    session.close();
    const record = { localId: 'abcdef0123', title: 't', relay: null, createdAt: 0 };
    const store = new RoomStore(path, { maxUpdates: 10, maxBytes: 1_000_000 });
    const reopened = new RoomSession({ record, store });
    expect(store.logSize().updates).toBe(12);
    expect(readTestEntries(reopened.doc)).toHaveLength(12);
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.logSize().updates).toBe(0);
    expect(JSON.parse(store.getSetting('record') ?? 'null')).toEqual(record);
    reopened.close();
  });
});
