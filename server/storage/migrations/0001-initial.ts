import type { Database } from 'better-sqlite3';

/**
 * Rooms with their key verifiers, an append-only update log and one compacted snapshot per room.
 * Self-contained on purpose: later migrations must not import anything that could change under
 * this one.
 */
export const initialMigration = {
  version: 1,
  name: 'initial',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE rooms (
        id TEXT PRIMARY KEY NOT NULL,
        write_key_verifier BLOB NOT NULL,
        read_key_verifier BLOB NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE room_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        data BLOB NOT NULL,
        stored_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX room_updates_by_room ON room_updates(room_id, seq);

      CREATE TABLE room_snapshots (
        room_id TEXT PRIMARY KEY NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        data BLOB NOT NULL,
        compacted_through_seq INTEGER NOT NULL,
        stored_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
