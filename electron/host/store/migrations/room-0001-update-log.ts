import type { Migration } from './migration';

/**
 * A room's file: the append-only update log, one compacted snapshot, local updates the relay has
 * not confirmed yet, what the relay confirmed last, and a copy of the room's settings (so the
 * host catalog can be rebuilt from room files alone).
 */
export const roomUpdateLog: Migration = {
  version: 1,
  name: 'room update log',
  up(db) {
    db.exec(`
      CREATE TABLE updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        data BLOB NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
        stored_at INTEGER NOT NULL
      );
      CREATE TABLE snapshot (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        data BLOB NOT NULL,
        through_seq INTEGER NOT NULL,
        compacted_at INTEGER NOT NULL
      );
      CREATE TABLE unconfirmed_local (
        seq INTEGER PRIMARY KEY,
        data BLOB NOT NULL
      );
      CREATE TABLE relay_confirmed (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state_vector BLOB NOT NULL,
        confirmed_at INTEGER NOT NULL
      );
      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
