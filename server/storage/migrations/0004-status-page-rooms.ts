import type { Database } from 'better-sqlite3';

/**
 * The public status pages' read model. `status_page_rooms`: one row per room its IC listed on a
 * page (`meta.statusPage`), with what the page shows of it, as last read from its document.
 * `status_page_updates`: the room's published updates, exactly as published, never a draft.
 * `status_page_versions`: per page id, a counter and time bumped whenever what the page shows
 * changes, for its ETag and Last-Modified. Written by the relay as it stores updates, so a page
 * is served without loading any room. No room predates the IC's choice, so nothing is read back.
 * Self-contained on purpose (see 0001).
 */
export const statusPageRoomsMigration = {
  version: 4,
  name: 'status-page-rooms',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE status_page_rooms (
        room_id TEXT PRIMARY KEY NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        page_id TEXT NOT NULL,
        component_ids TEXT NOT NULL,
        title TEXT,
        severity TEXT,
        phase TEXT,
        resolved INTEGER NOT NULL,
        declared_at TEXT,
        resolved_at TEXT,
        fingerprint TEXT NOT NULL
      ) STRICT;
      CREATE INDEX status_page_rooms_page ON status_page_rooms(page_id);

      CREATE TABLE status_page_updates (
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        update_id TEXT NOT NULL,
        text TEXT NOT NULL,
        phase TEXT NOT NULL,
        published_at TEXT NOT NULL,
        PRIMARY KEY (room_id, update_id)
      ) STRICT;

      CREATE TABLE status_page_versions (
        page_id TEXT PRIMARY KEY NOT NULL,
        version INTEGER NOT NULL,
        changed_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
