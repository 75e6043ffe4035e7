import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Migration } from './migrations/migration';
import { runMigrations } from './run-migrations';
import { LocalStoreError } from './store-errors';

const CORRUPTION_CODES = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT_VTAB',
  'SQLITE_CORRUPT_SEQUENCE',
]);

function errorCode(error: unknown): string | null {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
  ) {
    return error.code;
  }
  return null;
}

/** `room.sqlite` → `room.sqlite.corrupt-2026-11-23T03-12-45-123Z` (and its -wal/-shm beside it). */
export function moveAside(path: string, at: Date): string {
  const stamp = at.toISOString().replace(/:/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let attempt = 1; existsSync(target); attempt += 1)
    target = `${path}.corrupt-${stamp}-${attempt}`;
  renameSync(path, target);
  // The WAL holds committed pages not yet in the main file: it belongs with the file it was written for.
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}

/**
 * Opens (or creates) a SQLite file with the durability settings every store here relies on,
 * checks it is readable and intact, and migrates it.
 *
 * A corrupt file is moved aside under a timestamped name (never deleted: it may hold the only copy
 * of someone's notes) and a `LocalStoreError` of kind `corrupt` is thrown; opening the same path
 * again then starts from an empty file.
 */
export function openDatabase(path: string, migrations: readonly Migration[]): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database | null = null;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // WAL with NORMAL survives an app crash but may drop the last commits on power loss or an OS
    // crash; FULL syncs the WAL on every commit. An incident note is worth an fsync.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Another process (the CLI) may briefly hold the write lock.
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      throw Object.assign(new Error(`integrity check failed: ${String(check)}`), {
        code: 'SQLITE_CORRUPT',
      });
    }
    runMigrations(db, path, migrations);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof LocalStoreError) throw error;
    const code = errorCode(error);
    if (code !== null && CORRUPTION_CODES.has(code)) {
      const movedAsideTo = moveAside(path, new Date());
      throw new LocalStoreError(
        'corrupt',
        path,
        movedAsideTo,
        `The local copy at ${path} is damaged (${code}). It was kept as ${movedAsideTo}; the room can be rebuilt from its relay.`,
        { cause: error },
      );
    }
    throw new LocalStoreError(
      'unreadable',
      path,
      null,
      `The local copy at ${path} cannot be opened (${code ?? String(error)}).`,
      { cause: error },
    );
  }
}
