import type { Database } from 'better-sqlite3';

/**
 * The team room list's read model: one row per room with what `GET /rooms` shows (title,
 * severity, phase, resolved) as last read from the room's document, and when the relay last
 * stored a change to it. Kept current by the relay as it stores updates, so listing never loads
 * a room. Rooms that existed before this step get a row marked `needs_read`: the relay reads
 * their documents once at start. Their last activity is the newest stored time the database
 * still has (an update's, else the snapshot's, else the room's creation).
 * Self-contained on purpose (see 0001).
 */
export const roomListingMigration = {
  version: 3,
  name: 'room-listing',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE room_listing (
        room_id TEXT PRIMARY KEY NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        title TEXT,
        severity TEXT,
        phase TEXT,
        resolved INTEGER NOT NULL DEFAULT 0,
        last_activity_at INTEGER NOT NULL,
        needs_read INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX room_listing_order ON room_listing(resolved, last_activity_at DESC);

      INSERT INTO room_listing (room_id, last_activity_at, needs_read)
      SELECT rooms.id,
        max(
          rooms.created_at,
          coalesce((SELECT max(stored_at) FROM room_updates WHERE room_id = rooms.id), 0),
          coalesce((SELECT stored_at FROM room_snapshots WHERE room_id = rooms.id), 0)
        ),
        1
      FROM rooms;
    `);
  },
};
