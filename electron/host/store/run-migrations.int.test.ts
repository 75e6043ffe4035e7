import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogMigrations } from './migrations/catalog-migrations';
import { roomMigrations } from './migrations/room-migrations';
import { runMigrations } from './run-migrations';
import { LocalStoreError } from './store-errors';

const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function openFile(): { db: Database.Database; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'host-migrate-')), 'store.sqlite');
  const db = new Database(path);
  opened.push(db);
  return { db, path };
}

describe('host runMigrations', () => {
  it.each([
    ['room', roomMigrations],
    ['catalog', catalogMigrations],
  ])('brings a new %s file to its newest schema', (_name, migrations) => {
    const { db } = openFile();
    runMigrations(db, 'store.sqlite', migrations);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
  });

  it('refuses a file from a newer app as too-new, naming the file, leaving it as it was', () => {
    const { db, path } = openFile();
    db.pragma('user_version = 999');
    let refusal: unknown;
    try {
      runMigrations(db, path, roomMigrations);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(LocalStoreError);
    expect(refusal).toMatchObject({ kind: 'too-new', path });
    expect((refusal as Error).message).toMatch(/newer Incident Room \(schema 999.*Update the app/);
    expect(db.pragma('user_version', { simple: true })).toBe(999);
    expect(existsSync(path)).toBe(true);
  });
});
