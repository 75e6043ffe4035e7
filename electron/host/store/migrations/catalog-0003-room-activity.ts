import type { Migration } from './migration';

/**
 * The room list's "last change" from anyone (the relay's changes included, unlike `updated_at`,
 * which is this machine's own) and when this person last had the room open, for "new activity".
 * Rooms listed before this count as read: nothing is known about what came in while away.
 */
export const catalogRoomActivity: Migration = {
  version: 3,
  name: 'catalog room activity',
  up(db) {
    db.exec(`
      ALTER TABLE rooms ADD COLUMN last_activity_at INTEGER NOT NULL DEFAULT 0;
      UPDATE rooms SET last_activity_at = updated_at;
      ALTER TABLE rooms ADD COLUMN seen_at INTEGER NOT NULL DEFAULT 0;
      UPDATE rooms SET seen_at = last_activity_at;
    `);
  },
};
