import type { Database } from 'better-sqlite3';

/**
 * The team room list shows which paged roles a room still waits for (`meta.pagedRoles` less the
 * roles a person holds), so an app can tell its person "you are paged" without loading the room.
 * Stored as space-separated role ids, '' for none. No room had a page before this step, so
 * existing rows are right as they are. Self-contained on purpose (see 0001).
 */
export const roomListingPagesMigration = {
  version: 5,
  name: 'room-listing-pages',
  up(db: Database): void {
    db.exec(`ALTER TABLE room_listing ADD COLUMN paged_roles TEXT NOT NULL DEFAULT ''`);
  },
};
