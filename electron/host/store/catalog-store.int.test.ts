/** The room list's catalog on a real SQLite file, including one written by the previous schema. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/test-fixtures';
import { CatalogStore } from './catalog-store';
import { catalogRooms } from './migrations/catalog-0001-rooms';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function catalogPath(): string {
  const dir = tempDir('catalog-');
  cleanups.push(dir.remove);
  return join(dir.path, 'host.sqlite');
}

const record = (localId: string, createdAt: number) => ({
  localId,
  title: `Room ${localId}`,
  relay: null,
  createdAt,
});

describe('CatalogStore room list', () => {
  it('gives a room from before the room list its creation as change time', () => {
    const path = catalogPath();
    const old = new Database(path);
    catalogRooms.up(old);
    old.pragma('user_version = 1');
    old
      .prepare('INSERT INTO rooms (local_id, title, created_at) VALUES (?, ?, ?)')
      .run('aaaaaaaa01', 'Old room', 1_000);
    old.close();

    const catalog = new CatalogStore(path);
    cleanups.push(() => catalog.close());
    expect(catalog.listings()).toEqual([
      {
        record: { localId: 'aaaaaaaa01', title: 'Old room', relay: null, createdAt: 1_000 },
        updatedAt: 1_000,
        lastActivityAt: 1_000,
        seenAt: 1_000,
        severity: null,
        phase: null,
        service: null,
      },
    ]);
  });

  it('moves a change time only forward and keeps list fields when a record is put again', () => {
    const catalog = new CatalogStore(catalogPath());
    cleanups.push(() => catalog.close());
    catalog.put(record('aaaaaaaa01', 1_000));
    catalog.put(record('bbbbbbbb02', 2_000));
    expect(catalog.listings().map((listing) => listing.record.localId)).toEqual([
      'bbbbbbbb02',
      'aaaaaaaa01',
    ]);

    const meta = { title: 'Checkout', severity: 'SEV1', phase: 'identified', service: 'api' };
    catalog.writeListings([{ localId: 'aaaaaaaa01', changedAt: 3_000, meta }]);
    catalog.writeListings([{ localId: 'aaaaaaaa01', changedAt: 2_500 }]);
    catalog.put({ ...record('aaaaaaaa01', 1_000), title: 'Checkout' });
    expect(catalog.listing('aaaaaaaa01')).toMatchObject({
      record: { title: 'Checkout' },
      updatedAt: 3_000,
      severity: 'SEV1',
      phase: 'identified',
      service: 'api',
    });
    expect(catalog.listings()[0]?.record.localId).toBe('aaaaaaaa01');
  });

  it('keeps the last change from anyone and the seen time apart, each only moving forward', () => {
    const catalog = new CatalogStore(catalogPath());
    cleanups.push(() => catalog.close());
    catalog.put(record('aaaaaaaa01', 1_000));
    catalog.put(record('bbbbbbbb02', 2_000));
    expect(catalog.listing('aaaaaaaa01')).toMatchObject({
      updatedAt: 1_000,
      lastActivityAt: 1_000,
      seenAt: 1_000,
    });

    // Someone else's change at 5,000: the room moves to the top; this machine's time stays.
    catalog.writeListings([{ localId: 'aaaaaaaa01', activityAt: 5_000 }]);
    catalog.writeListings([{ localId: 'aaaaaaaa01', activityAt: 4_000, seenAt: 4_000 }]);
    expect(catalog.listing('aaaaaaaa01')).toMatchObject({
      updatedAt: 1_000,
      lastActivityAt: 5_000,
      seenAt: 4_000,
    });
    expect(catalog.listings().map((listing) => listing.record.localId)).toEqual([
      'aaaaaaaa01',
      'bbbbbbbb02',
    ]);
    catalog.writeListings([{ localId: 'aaaaaaaa01', seenAt: 5_000 }]);
    catalog.writeListings([{ localId: 'aaaaaaaa01', seenAt: 3_000 }]);
    expect(catalog.listing('aaaaaaaa01')?.seenAt).toBe(5_000);
  });
});

describe('CatalogStore relay alternates', () => {
  const A = 'https://relay-a.example';

  it('keeps what a relay advertised across a restart, the newest list in place of the last', () => {
    const path = catalogPath();
    let catalog = new CatalogStore(path);
    expect(catalog.alternatesOf(A)).toEqual([]);
    catalog.rememberAlternates(A, ['https://relay-b.example', 'https://relay-c.example']);
    catalog.close();

    catalog = new CatalogStore(path);
    cleanups.push(() => catalog.close());
    expect(catalog.alternatesOf(A)).toEqual(['https://relay-b.example', 'https://relay-c.example']);
    expect(catalog.alternatesOf('https://relay-b.example')).toEqual([]);
    // The operator took relay C out: the host forgets it.
    catalog.rememberAlternates(A, ['https://relay-b.example']);
    expect(catalog.alternatesOf(A)).toEqual(['https://relay-b.example']);
  });

  it('opens a catalog from before the list with its rooms and no alternates', () => {
    const path = catalogPath();
    const old = new Database(path);
    catalogRooms.up(old);
    old.pragma('user_version = 1');
    old.close();

    const catalog = new CatalogStore(path);
    cleanups.push(() => catalog.close());
    expect(catalog.alternatesOf(A)).toEqual([]);
    catalog.rememberAlternates(A, ['https://relay-b.example']);
    expect(catalog.alternatesOf(A)).toEqual(['https://relay-b.example']);
  });
});
