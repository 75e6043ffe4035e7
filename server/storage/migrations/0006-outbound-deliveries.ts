import type { Database } from 'better-sqlite3';

/**
 * The outbox of outbound notifications (`--outbound`, docs/OUTBOUND.md): one row per event and
 * target, written in the same transaction as the room update that caused the event, so an event
 * is on disk exactly when its cause is. The sender delivers each (room, target) in `seq` order and
 * keeps the receipt on the row: state (`pending`, `delivered`, `failed`), tries, the last answer
 * and error, when it arrived. Self-contained on purpose (see 0001).
 */
export const outboundDeliveriesMigration = {
  version: 6,
  name: 'outbound-deliveries',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE outbound_deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        target_id TEXT NOT NULL,
        target_kind TEXT NOT NULL,
        event_type TEXT NOT NULL,
        event TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_status INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER,
        UNIQUE (event_id, target_id)
      ) STRICT;
      CREATE INDEX outbound_deliveries_queue
        ON outbound_deliveries(state, room_id, target_id, seq);
    `);
  },
};
