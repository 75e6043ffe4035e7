/**
 * Invariant 5 for files: a damaged database gets a clear, typed error, the damaged file is kept
 * (it may hold the only copy of something), and the room comes back from its relay.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LocalStoreError } from './store/store-errors';
import { useHostHarness } from './testing/host-harness';
import {
  appendTestEntry,
  readTestEntries,
  waitUntil,
  INTEGRATION_TIMEOUT_MS,
} from './testing/test-fixtures';

const { newHost, newRelay } = useHostHarness();

function scribble(path: string): Buffer {
  const bytes = readFileSync(path);
  // Keep the 100-byte header so SQLite recognises the file, then damage every page after it.
  for (let offset = 120; offset < bytes.length; offset += 61)
    bytes[offset] = (bytes[offset] ?? 0) ^ 0x5a;
  writeFileSync(path, bytes);
  return bytes;
}

describe('a corrupt database', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('gives a typed error, keeps the file aside, and the room is rebuilt from the relay', async () => {
    const relay = await newRelay();
    const person = newHost();
    const room = await person.host.createRoom({ title: 'corrupt me', relayUrl: relay.url });
    const session = person.host.openRoom(room.localId);
    for (let i = 0; i < 30; i += 1)
      appendTestEntry(session.doc, { id: `e${i}`, text: `entry ${i}`, at: i });
    await session.whenAllConfirmed();
    session.compactNow();
    person.host.close();

    const roomFile = person.host.roomPath(room.localId);
    const damaged = scribble(roomFile);
    const host = person.reopen();
    let failure: unknown = null;
    try {
      host.openRoom(room.localId);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(LocalStoreError);
    const storeError = failure as LocalStoreError;
    expect(storeError.kind).toBe('corrupt');
    expect(storeError.message).toMatch(/damaged.*kept as.*rebuilt from its relay/);
    expect(storeError.movedAsideTo).not.toBeNull();
    expect(readFileSync(storeError.movedAsideTo ?? '')).toEqual(damaged);
    expect(existsSync(roomFile)).toBe(false);

    const rebuilt = host.openRoom(room.localId);
    await rebuilt.whenLive();
    await waitUntil(() => readTestEntries(rebuilt.doc).length === 30, 'the entries from the relay');
    expect(rebuilt.status().pendingToRelay).toBe(0);
    rebuilt.close();
    const again = host.openRoom(room.localId);
    expect(readTestEntries(again.doc)).toHaveLength(30);
  });

  it('treats unreadable update bytes in a sound SQLite file as damage too', async () => {
    const person = newHost();
    const room = await person.host.createRoom({ title: 'bad blob' });
    appendTestEntry(person.host.openRoom(room.localId).doc, { id: 'e1', text: 'fine', at: 1 });
    person.host.close();
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(person.host.roomPath(room.localId));
    db.prepare('UPDATE updates SET data = ?').run(
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0x01, 0x02]),
    );
    db.close();
    const host = person.reopen();
    expect(() => host.openRoom(room.localId)).toThrow(LocalStoreError);
    expect(existsSync(host.roomPath(room.localId))).toBe(false);
    expect(readTestEntries(host.openRoom(room.localId).doc)).toEqual([]);
  });

  it('rebuilds a damaged room list from the room files', async () => {
    const person = newHost();
    const first = await person.host.createRoom({ title: 'first' });
    const second = await person.host.createRoom({ title: 'second' });
    appendTestEntry(person.host.openRoom(first.localId).doc, { id: 'kept', text: 'kept', at: 1 });
    person.host.close();
    const catalogPath = `${person.dataDir}/host.sqlite`;
    writeFileSync(catalogPath, Buffer.alloc(8192, 7));

    const host = person.reopen();
    expect(host.recoveredCatalog?.kind).toBe('corrupt');
    expect(existsSync(host.recoveredCatalog?.movedAsideTo ?? '')).toBe(true);
    expect(
      host
        .listRooms()
        .map((room) => room.title)
        .sort(),
    ).toEqual(['first', 'second']);
    expect(host.getRoom(second.localId).title).toBe('second');
    expect(readTestEntries(host.openRoom(first.localId).doc).map((entry) => entry.id)).toEqual([
      'kept',
    ]);
    expect(host.damagedRoomFiles).toEqual([]);
  });

  it('adopts a room file whose catalog row was never written, and reports damaged ones', async () => {
    const person = newHost();
    const room = await person.host.createRoom({ title: 'half created' });
    const damaged = await person.host.createRoom({ title: 'damaged' });
    person.host.close();
    const { default: Database } = await import('better-sqlite3');
    const catalog = new Database(`${person.dataDir}/host.sqlite`);
    catalog.prepare('DELETE FROM rooms').run();
    catalog.close();
    writeFileSync(person.host.roomPath(damaged.localId), Buffer.alloc(8192, 9));
    const host = person.reopen();
    expect(host.listRooms().map((listed) => listed.localId)).toEqual([room.localId]);
    expect(host.recoveredCatalog).toBeNull();
    expect(host.damagedRoomFiles.map((failure) => failure.kind)).toEqual(['corrupt']);
    expect(existsSync(host.damagedRoomFiles[0]?.movedAsideTo ?? '')).toBe(true);
  });
});
