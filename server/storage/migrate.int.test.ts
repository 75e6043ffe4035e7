import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  runMigrations,
  SchemaTooNewError,
  type SchemaMigration,
} from '../../shared/util/run-migrations';
import { migrate } from './migrate';
import { migrations } from './migrations';

// The shared runner on real SQLite files, as both the relay and the host use it.
type Db = Database.Database;

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function openFile(path = join(mkdtempSync(join(tmpdir(), 'migrate-')), 'test.sqlite')): {
  db: Db;
  path: string;
} {
  const db = new Database(path);
  opened.push(db);
  return { db, path };
}

const tables = (db: Db): string[] =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];

const createTable = (version: number, table: string): SchemaMigration<Db> => ({
  version,
  name: `create ${table}`,
  up: (db) => void db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`),
});

describe('runMigrations on a real SQLite file', () => {
  it('applies the steps in order, bumps user_version, and skips what the file already has', () => {
    const { db, path } = openFile();
    expect(runMigrations(db, [createTable(1, 'a')])).toEqual({ from: 0, to: 1 });
    db.close();
    const again = openFile(path).db;
    expect(runMigrations(again, [createTable(1, 'a'), createTable(2, 'b')])).toEqual({
      from: 1,
      to: 2,
    });
    expect(tables(again)).toEqual(['a', 'b']);
    expect(again.pragma('user_version', { simple: true })).toBe(2);
    expect(runMigrations(again, [createTable(1, 'a'), createTable(2, 'b')])).toEqual({
      from: 2,
      to: 2,
    });
  });

  it('rolls a failing step back whole: the file stays at the last complete version', () => {
    const { db, path } = openFile();
    const halfDone: SchemaMigration<Db> = {
      version: 2,
      name: 'fails half way',
      up(inner) {
        inner.exec('CREATE TABLE half (id INTEGER PRIMARY KEY)');
        inner.exec('INSERT INTO nowhere VALUES (1)');
      },
    };
    expect(() => runMigrations(db, [createTable(1, 'a'), halfDone])).toThrow(/nowhere/);
    db.close();
    const reopened = openFile(path).db;
    expect(reopened.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(reopened)).toEqual(['a']);
  });

  it('refuses a file newer than the code, changing nothing, with the caller’s message', () => {
    const { db } = openFile();
    db.pragma('user_version = 7');
    expect(() => runMigrations(db, [createTable(1, 'a')])).toThrow(SchemaTooNewError);
    expect(() =>
      runMigrations(db, [createTable(1, 'a')], (file, newest) => new Error(`at ${file}/${newest}`)),
    ).toThrow('at 7/1');
    expect(tables(db)).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
  });

  it('refuses a migration list with a gap or out of order before touching the file', () => {
    const { db } = openFile();
    expect(() => runMigrations(db, [createTable(1, 'a'), createTable(3, 'c')])).toThrow(
      /version 3; expected 2/,
    );
    expect(() => runMigrations(db, [createTable(2, 'b'), createTable(1, 'a')])).toThrow(
      /expected 1/,
    );
    expect(tables(db)).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
  });
});

describe('migrate (the relay database)', () => {
  it('brings a new file to the newest relay schema and refuses one from a newer relay', () => {
    const { db } = openFile();
    expect(migrate(db)).toBe(migrations.at(-1)?.version);
    expect(tables(db)).toEqual(expect.arrayContaining(['rooms', 'room_updates', 'room_snapshots']));
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(
      /schema 999, newer than this relay knows .*upgrade the relay/,
    );
  });
});
