import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { declareIncident, resolveIncident, setSeverity } from '../../shared/ops';
import { generateRoomKeys } from '../auth/room-keys';
import { RelayMetrics } from '../metrics/relay-metrics';
import { GroupCommit } from '../storage/group-commit';
import { SqliteRoomStorage } from '../storage/sqlite-room-storage';
import { sqliteRoomDirectory } from '../storage/sqlite-room-directory';
import { migrate } from '../storage/migrate';
import { migrations } from '../storage/migrations';
import { RELAY_DATABASE_FILE, RelayStore } from '../storage/relay-store';
import { waitFor } from '../testing/relay-clients';
import { RoomListingWriter, readUnreadListings } from './room-listing-writer';
import { RoomRegistry } from './room-registry';

// The team room list's read model on a real SQLite file, fed by a real registry and group commit.
const logger = pino({ level: 'silent' });
const ctx = { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now };
const stores: RelayStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function setup(writeDelayMs: number, dataDir = mkdtempSync(join(tmpdir(), 'room-listing-'))) {
  const store = RelayStore.open(dataDir);
  stores.push(store);
  const metrics = new RelayMetrics();
  const listing = new RoomListingWriter(
    { listing: sqliteRoomDirectory(store), statusPages: store.statusPages },
    logger,
    writeDelayMs,
  );
  const registry = new RoomRegistry({
    storage: new SqliteRoomStorage(store, new GroupCommit(store, metrics)),
    metrics,
    logger,
    listing,
    compaction: { compactAfterUpdates: 1_000, compactAfterBytes: 1_000_000 },
    maxLoadedRooms: 10,
    unloadGraceMs: 60_000,
  });
  const createRoom = (id: string, createdAt: number) =>
    store.createRoom({ id, ...generateRoomKeys(), createdAt });
  const row = (id: string) => store.listing.list(100).find((listed) => listed.id === id);
  return { store, registry, listing, createRoom, row };
}

describe('the room list read model', () => {
  it('lists a room from its creation, then what its document says once updates are stored', async () => {
    const { registry, createRoom, row } = setup(20);
    createRoom('checkout', 1_000);
    expect(row('checkout')).toEqual({
      id: 'checkout',
      title: null,
      severity: null,
      phase: null,
      state: 'open',
      pagedRoles: [],
      source: 'app',
      createdAt: 1_000,
      lastActivityAt: 1_000,
    });
    const room = registry.acquireNow('checkout');
    declareIncident(room.doc, ctx, { title: 'Checkout errors', severity: 'SEV2' });
    await waitFor(() => row('checkout')?.title === 'Checkout errors', 'the row to follow');
    expect(row('checkout')).toMatchObject({
      severity: 'SEV2',
      phase: 'investigating',
      state: 'open',
    });
    expect(row('checkout')!.lastActivityAt).toBeGreaterThan(1_000);
    setSeverity(room.doc, ctx, { severity: 'SEV1' });
    await waitFor(() => row('checkout')?.severity === 'SEV1', 'the new severity');
    registry.unloadAll();
  });

  it('writes a dirty room when it unloads, without waiting for the delay', async () => {
    const { registry, listing, createRoom, row } = setup(60_000);
    createRoom('db', 1_000);
    const room = registry.acquireNow('db');
    declareIncident(room.doc, ctx, { title: 'Primary DB failover', severity: 'SEV1' });
    await new Promise((resolve) => setImmediate(resolve)); // the group commit
    expect(row('db')?.title).toBeNull();
    registry.unloadAll();
    expect(row('db')).toMatchObject({ title: 'Primary DB failover', severity: 'SEV1' });
    listing.close();
  });

  it('orders open rooms first, then by last activity; resolved rooms after every open one', async () => {
    const { registry, createRoom, store } = setup(10);
    for (const [id, createdAt] of [
      ['old-open', 1_000],
      ['resolved', 3_000],
      ['new-open', 2_000],
    ] as const) {
      createRoom(id, createdAt);
    }
    const resolved = registry.acquireNow('resolved');
    declareIncident(resolved.doc, ctx, { title: 'Was bad', severity: 'SEV3' });
    resolveIncident(resolved.doc, ctx, { overrideReason: 'test: resolved at once' });
    await waitFor(
      () => store.listing.list(10).at(-1)?.state === 'resolved',
      'the resolved room to move last',
    );
    expect(store.listing.list(10).map((listed) => listed.id)).toEqual([
      'new-open',
      'old-open',
      'resolved',
    ]);
    expect(store.listing.list(2).map((listed) => listed.id)).toEqual(['new-open', 'old-open']);
    registry.unloadAll();
  });

  it('reads the rooms that predate the list once, at start, keeping their last stored time', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'room-listing-old-'));
    const db = new Database(join(dataDir, RELAY_DATABASE_FILE));
    migrate(db, migrations.slice(0, 2));
    const keys = generateRoomKeys();
    db.prepare(
      'INSERT INTO rooms (id, write_key_verifier, read_key_verifier, created_at) VALUES (?, ?, ?, ?)',
    ).run('before', keys.writeKeyVerifier, keys.readKeyVerifier, 1_000);
    const doc = new Y.Doc();
    declareIncident(doc, ctx, { title: 'Older incident', severity: 'SEV4' });
    db.prepare('INSERT INTO room_updates (room_id, data, stored_at) VALUES (?, ?, ?)').run(
      'before',
      Y.encodeStateAsUpdate(doc),
      5_000,
    );
    db.close();

    const { store, row } = setup(10, dataDir);
    expect(row('before')).toMatchObject({ title: null, lastActivityAt: 5_000 });
    expect(readUnreadListings(store, logger)).toBe(1);
    expect(row('before')).toMatchObject({
      title: 'Older incident',
      severity: 'SEV4',
      phase: 'investigating',
      lastActivityAt: 5_000,
    });
    expect(readUnreadListings(store, logger)).toBe(0);
  });
});
