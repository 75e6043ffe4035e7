import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { pino } from 'pino';
import type { CloseCodeName } from '../../shared/protocol/close-codes';
import { generateRoomKeys } from '../auth/room-keys';
import { RelayMetrics } from '../metrics/relay-metrics';
import { GroupCommit } from '../storage/group-commit';
import { SqliteRoomStorage } from '../storage/sqlite-room-storage';
import { sqliteRoomDirectory } from '../storage/sqlite-room-directory';
import { RelayStore } from '../storage/relay-store';
import type { RoomMember } from './room';
import { RoomListingWriter } from './room-listing-writer';
import { RoomRegistry } from './room-registry';

class RecordingMember implements RoomMember {
  readonly sent: string[] = [];
  persisted = 0;
  closedWith: CloseCodeName | null = null;
  send(_message: Uint8Array, kind: string): void {
    this.sent.push(kind);
  }
  updatePersisted(): void {
    this.persisted += 1;
  }
  close(name: CloseCodeName): void {
    this.closedWith = name;
  }
}

function setup(
  compaction = { compactAfterUpdates: 1_000, compactAfterBytes: 1_000_000 },
  unloadGraceMs = 10_000,
) {
  const store = RelayStore.open(mkdtempSync(join(tmpdir(), 'relay-room-')));
  store.createRoom({ id: 'r', ...generateRoomKeys(), createdAt: 0 });
  store.createRoom({ id: 'q', ...generateRoomKeys(), createdAt: 0 });
  const metrics = new RelayMetrics();
  const logger = pino({ level: 'silent' });
  const registry = new RoomRegistry({
    storage: new SqliteRoomStorage(store, new GroupCommit(store, metrics)),
    metrics,
    logger,
    listing: new RoomListingWriter(
      { listing: sqliteRoomDirectory(store), statusPages: store.statusPages },
      logger,
    ),
    compaction,
    maxLoadedRooms: 10,
    unloadGraceMs,
  });
  return { store, registry, metrics };
}

/** The group commit runs at the end of the event-loop turn (setImmediate). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A sync-update frame as the stock client sends it. */
function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function replayed(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

function edit(text: string, doc = new Y.Doc()): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getArray<string>('lines').push([text]);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('Room', () => {
  it('stores an update before fanning it out to the other members and confirming the sender', async () => {
    const { store, registry } = setup();
    const room = registry.acquireNow('r');
    const sender = new RecordingMember();
    const other = new RecordingMember();
    room.addMember(sender);
    room.addMember(other);
    const storedWhenSent: number[] = [];
    other.send = (_message, kind) => {
      other.sent.push(kind);
      storedWhenSent.push(store.loadRoomState('r').updates.length);
    };
    Y.applyUpdate(room.doc, edit('first'), sender);
    // Applied, not yet committed: nobody has heard of it.
    expect(other.sent).toEqual([]);
    expect(sender.persisted).toBe(0);
    await nextTurn();
    expect(other.sent).toEqual(['sync-update']);
    expect(storedWhenSent).toEqual([1]);
    expect(sender.sent).toEqual([]);
    expect(sender.persisted).toBe(1);
    registry.unloadAll();
    store.close();
  });

  it('commits the updates of one turn, from several rooms, in one transaction', async () => {
    const { store, registry, metrics } = setup();
    const r = registry.acquireNow('r');
    const q = registry.acquireNow('q');
    const listener = new RecordingMember();
    r.addMember(listener);
    const author = new Y.Doc();
    for (let i = 0; i < 5; i++) Y.applyUpdate(r.doc, edit(`r ${i}`, author));
    for (let i = 0; i < 3; i++) Y.applyUpdate(q.doc, edit(`q ${i}`));
    await nextTurn();
    const batches = (await metrics.registry.getSingleMetricAsString('relay_persist_batch_updates'))
      .split('\n')
      .find((line) => line.startsWith('relay_persist_batch_updates_count'));
    expect(batches).toBe('relay_persist_batch_updates_count 1');
    expect(store.loadRoomState('r').updates).toHaveLength(5);
    expect(store.loadRoomState('q').updates).toHaveLength(3);
    expect(listener.sent).toEqual(Array(5).fill('sync-update'));
    registry.unloadAll();
    store.close();
  });

  it('stores a member’s sync-update payload and forwards its frame as it came, once durable', async () => {
    const { store, registry } = setup();
    const room = registry.acquireNow('r');
    const sender = new RecordingMember();
    const other = new RecordingMember();
    room.addMember(sender);
    room.addMember(other);
    const received: Uint8Array[] = [];
    other.send = (message, kind) => {
      other.sent.push(kind);
      received.push(message);
    };
    const update = edit('first');
    const frame = syncUpdateFrame(update);
    room.applyMemberUpdate(sender, update, frame);
    expect(room.doc.getArray('lines').toArray()).toEqual(['first']);
    expect(other.sent).toEqual([]);
    await nextTurn();
    expect(received).toEqual([frame]);
    expect(sender.sent).toEqual([]);
    expect(sender.persisted).toBe(1);
    expect(store.loadRoomState('r').updates.map((u) => [...u])).toEqual([[...update]]);
    // What the room already has is neither stored nor sent again.
    room.applyMemberUpdate(sender, update, frame);
    await nextTurn();
    expect(received).toHaveLength(1);
    expect(store.loadRoomState('r').updates).toHaveLength(1);
    registry.unloadAll();
    store.close();
  });

  it('stores an update whose dependencies are missing, so the log replays to the same room', async () => {
    const { store, registry } = setup();
    const room = registry.acquireNow('r');
    const sender = new RecordingMember();
    const other = new RecordingMember();
    room.addMember(sender);
    room.addMember(other);
    const author = new Y.Doc();
    const first = edit('first', author);
    const second = edit('second', author);
    room.applyMemberUpdate(sender, second, syncUpdateFrame(second));
    await nextTurn();
    expect(room.doc.getArray('lines').toArray()).toEqual([]);
    expect(store.loadRoomState('r').updates).toHaveLength(1);
    room.applyMemberUpdate(sender, first, syncUpdateFrame(first));
    await nextTurn();
    expect(room.doc.getArray('lines').toArray()).toEqual(['first', 'second']);
    expect(other.sent).toEqual(['sync-update', 'sync-update']);
    const fromLog = replayed(store.loadRoomState('r').updates);
    expect(fromLog.getArray('lines').toArray()).toEqual(['first', 'second']);
    expect(Y.encodeStateVector(fromLog)).toEqual(Y.encodeStateVector(room.doc));
    registry.unloadAll();
    store.close();
  });

  it('wraps what it stores itself: an update another origin applied reaches every member', async () => {
    const { store, registry } = setup();
    const room = registry.acquireNow('r');
    const member = new RecordingMember();
    room.addMember(member);
    const received: Uint8Array[] = [];
    member.send = (message) => received.push(message);
    const update = edit('from the events API');
    Y.applyUpdate(room.doc, update, 'events-api');
    await nextTurn();
    expect(received).toEqual([syncUpdateFrame(store.loadRoomState('r').updates[0]!)]);
    registry.unloadAll();
    store.close();
  });

  it('holds back whatever reveals the document until the pending appends commit', async () => {
    const { store, registry } = setup();
    const room = registry.acquireNow('r');
    const revealed: number[] = [];
    Y.applyUpdate(room.doc, edit('pending'));
    room.whenDurable(() => revealed.push(store.loadRoomState('r').updates.length));
    expect(revealed).toEqual([]);
    await nextTurn();
    expect(revealed).toEqual([1]);
    room.whenDurable(() => revealed.push(-1));
    expect(revealed).toEqual([1, -1]);
    registry.unloadAll();
    store.close();
  });

  it('tears the room down without broadcasting or confirming when an update cannot be stored', async () => {
    const { store, registry } = setup();
    const room = registry.acquireNow('r');
    const sender = new RecordingMember();
    const other = new RecordingMember();
    room.addMember(sender);
    room.addMember(other);
    store.close(); // every write from now on fails
    Y.applyUpdate(room.doc, edit('cannot be saved'), sender);
    let answeredWhileFailed: boolean | null = null;
    room.whenDurable(() => (answeredWhileFailed = room.isFailed));
    await nextTurn();
    expect(room.isFailed).toBe(true);
    expect(answeredWhileFailed).toBe(true);
    expect(other.sent).toEqual([]);
    expect(sender.persisted).toBe(0);
    expect([sender.closedWith, other.closedWith]).toEqual(['StorageFailure', 'StorageFailure']);
    expect(registry.isLoaded('r')).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('compacts by update count', async () => {
    const { store, registry } = setup({ compactAfterUpdates: 3, compactAfterBytes: 1_000_000 });
    const room = registry.acquireNow('r');
    const author = new Y.Doc();
    for (let i = 0; i < 7; i++) {
      Y.applyUpdate(room.doc, edit(`line ${i}`, author));
      await nextTurn();
    }
    const stored = store.loadRoomState('r');
    expect(stored.updates).toHaveLength(1);
    expect(stored.snapshot).not.toBeNull();
    registry.unloadAll();
    expect(registry.acquireNow('r').doc.getArray('lines').toJSON()).toEqual(
      author.getArray('lines').toJSON(),
    );
    store.close();
  });

  it('in a long room, waits until the log is worth rewriting the whole room for', async () => {
    const { store, registry } = setup({ compactAfterUpdates: 3, compactAfterBytes: 1_000_000 });
    const room = registry.acquireNow('r');
    const author = new Y.Doc();
    const apply = async (text: string) => {
      Y.applyUpdate(room.doc, edit(text, author));
      await nextTurn();
    };
    for (const text of ['x'.repeat(8_000), 'a', 'b']) await apply(text);
    const compacted = store.loadRoomState('r');
    expect(compacted.updates).toHaveLength(0);
    const snapshotBytes = compacted.snapshot?.byteLength ?? 0;
    expect(snapshotBytes).toBeGreaterThan(8_000);
    // Three small updates reach the count, but folding them in would rewrite 8 kB for 60 bytes.
    for (const text of ['c', 'd', 'e']) await apply(text);
    expect(store.loadRoomState('r').updates).toHaveLength(3);
    // Once the log holds a quarter of the snapshot, it is worth it.
    await apply('y'.repeat(snapshotBytes / 4));
    expect(store.loadRoomState('r').updates).toHaveLength(0);
    registry.unloadAll();
    expect(registry.acquireNow('r').doc.getArray('lines').toJSON()).toEqual(
      author.getArray('lines').toJSON(),
    );
    store.close();
  });

  it('compacts by log size', async () => {
    const { store, registry } = setup({ compactAfterUpdates: 1_000, compactAfterBytes: 2_000 });
    const room = registry.acquireNow('r');
    const author = new Y.Doc();
    Y.applyUpdate(room.doc, edit('small', author));
    await nextTurn();
    expect(store.loadRoomState('r').updates).toHaveLength(1);
    Y.applyUpdate(room.doc, edit('x'.repeat(2_500), author));
    await nextTurn();
    const stored = store.loadRoomState('r');
    expect(stored.updates).toHaveLength(0);
    expect(stored.snapshot).not.toBeNull();
    registry.unloadAll();
    store.close();
  });

  it('refuses to load a room whose stored state is corrupt, rather than serving part of it', () => {
    const { store, registry } = setup();
    store.appendUpdate('r', Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(() => registry.acquireNow('r')).toThrow();
    expect(registry.isLoaded('r')).toBe(false);
    store.close();
  });

  describe('unloading idle rooms', () => {
    const DEFAULT_COMPACTION = { compactAfterUpdates: 1_000, compactAfterBytes: 1_000_000 };
    // Only timeouts are faked, so both graces run out in one step; the turns between unloads
    // stay the real event loop's (setImmediate).
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('unloads rooms whose grace ran out together one per event-loop turn, not back to back', async () => {
      const { registry } = setup(DEFAULT_COMPACTION, 5_000);
      registry.release(registry.acquireNow('r'));
      registry.release(registry.acquireNow('q'));
      vi.advanceTimersByTime(5_000);
      // Both graces ran out together: r went at once, q waits for the next turn.
      expect(registry.isLoaded('r')).toBe(false);
      expect(registry.isLoaded('q')).toBe(true);
      await nextTurn();
      expect(registry.isLoaded('q')).toBe(false);
    });

    it('keeps a room that is used again while it waits its turn', async () => {
      const { registry } = setup(DEFAULT_COMPACTION, 5_000);
      registry.release(registry.acquireNow('r'));
      registry.release(registry.acquireNow('q'));
      vi.advanceTimersByTime(5_000);
      registry.acquireNow('q');
      await nextTurn();
      await nextTurn();
      expect(registry.isLoaded('q')).toBe(true);
    });
  });
});
