import type { Database } from 'better-sqlite3';

/**
 * The Statuspage incident each (outbound target, room) became (docs/OUTBOUND.md, `statuspage`):
 * the room's first published update creates an incident on the hosted page, and every later
 * update and the resolution change that same incident, across restarts. The id is written as
 * soon as the create is answered, before the delivery's receipt. Self-contained (see 0001).
 */
export const statuspageIncidentsMigration = {
  version: 7,
  name: 'statuspage-incidents',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE statuspage_incidents (
        target_id TEXT NOT NULL,
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        incident_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (target_id, room_id)
      ) STRICT;
    `);
  },
};
