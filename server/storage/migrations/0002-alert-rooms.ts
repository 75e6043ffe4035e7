import type { Database } from 'better-sqlite3';

/**
 * Rooms opened by an alert source: one room per (source, dedupe key), so a repeat, a flap or a
 * resolve appends to the room the first alert opened instead of opening another. The team room
 * list reads `source_id` from here (rooms with no row were declared by a person or a script).
 * Self-contained on purpose (see 0001).
 */
export const alertRoomsMigration = {
  version: 2,
  name: 'alert-rooms',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE alert_rooms (
        room_id TEXT PRIMARY KEY NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        source_id TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        UNIQUE (source_id, dedupe_key)
      ) STRICT;
    `);
  },
};
