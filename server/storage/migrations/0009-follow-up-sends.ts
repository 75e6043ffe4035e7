import type { Database } from 'better-sqlite3';

/**
 * When the relay first sent a create request for a follow-up (room, action item, tracker target):
 * written before the request leaves, so after a try whose answer never arrived (a timeout, a
 * reset, `kill -9` mid-request) the next try knows the tracker may already have the issue and
 * looks for it by its marker before creating another (docs/OUTBOUND.md, "Once"). Kept with the
 * issue rows of migration 8. Self-contained (see 0001).
 */
export const followUpSendsMigration = {
  version: 9,
  name: 'follow-up-sends',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE follow_up_sends (
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        first_sent_at INTEGER NOT NULL,
        PRIMARY KEY (room_id, item_id, target_id)
      ) STRICT;
    `);
  },
};
