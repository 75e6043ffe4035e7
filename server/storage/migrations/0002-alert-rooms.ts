import type { Database } from 'better-sqlite3';

/**
 * Rooms opened by an alert source: one room per (source, dedupe key), so a repeat, a flap or a
 * resolve appends to the room the first alert opened instead of opening another. The team room
 * list reads `source_id` from here (rooms with no row were declared by a person or a script).
 * `alert_deliveries` holds every alert notification already in a room (the sender's own id for
 * it), written in the same transaction as the room update that carries it, so a sender's retry
 * appends nothing, even across a crash. `unrouted_alerts` keeps the alerts no routing rule took.
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

      CREATE TABLE alert_deliveries (
        source_id TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (source_id, delivery_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX alert_deliveries_by_time ON alert_deliveries(received_at);

      CREATE TABLE unrouted_alerts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        reason TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        alert TEXT NOT NULL,
        UNIQUE (source_id, delivery_id)
      ) STRICT;
    `);
  },
};
