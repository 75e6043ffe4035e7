import type { Database } from 'better-sqlite3';

/**
 * The tracker issue each (room, action item, tracker target) became (docs/OUTBOUND.md, "Follow-ups
 * to trackers"): written as soon as the tracker answers the create, before the delivery's receipt
 * and the write-back into the room, so a request sent again (twice in the room, or after a
 * restart) finds the issue here instead of making a second one. Self-contained (see 0001).
 */
export const followUpIssuesMigration = {
  version: 8,
  name: 'follow-up-issues',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE follow_up_issues (
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        url TEXT NOT NULL,
        ref TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (room_id, item_id, target_id)
      ) STRICT;
    `);
  },
};
