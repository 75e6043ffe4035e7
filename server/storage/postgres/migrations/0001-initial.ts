/**
 * The shared-mode schema, first step: what the SQLite relay keeps for rooms (0001, 0003 and the
 * alert deliveries of 0002 there), plus what several relays need to share them.
 *
 * - `rooms.last_seq`: the room's newest update sequence number. A writer bumps it in the
 *   transaction that inserts the updates, which holds the row's lock until COMMIT, so a room's
 *   sequence numbers are gapless and in commit order across every relay (a rolled-back write
 *   rolls its numbers back too). A relay that sees seq N+2 after N knows N+1 exists and is
 *   already committed, and can read it here.
 * - `compaction_leases`: one compacting worker per room at a time, whatever relay it runs in;
 *   times are the database's clock, so relays' clocks never disagree about a lease.
 *
 * Self-contained on purpose: later migrations must not import anything that could change under
 * this one.
 */
export const initialPostgresMigration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE rooms (
      id text PRIMARY KEY,
      write_key_verifier bytea NOT NULL,
      read_key_verifier bytea NOT NULL,
      created_at bigint NOT NULL,
      last_seq bigint NOT NULL DEFAULT 0
    );

    CREATE TABLE room_updates (
      room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      seq bigint NOT NULL,
      data bytea NOT NULL,
      stored_at bigint NOT NULL,
      PRIMARY KEY (room_id, seq)
    );

    CREATE TABLE room_snapshots (
      room_id text PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
      data bytea NOT NULL,
      compacted_through_seq bigint NOT NULL,
      stored_at bigint NOT NULL
    );

    CREATE TABLE room_listing (
      room_id text PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
      title text,
      severity text,
      phase text,
      resolved boolean NOT NULL DEFAULT false,
      last_activity_at bigint NOT NULL,
      needs_read boolean NOT NULL DEFAULT false
    );
    CREATE INDEX room_listing_order ON room_listing (resolved, last_activity_at DESC);

    CREATE TABLE alert_deliveries (
      source_id text NOT NULL,
      delivery_id text NOT NULL,
      room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      received_at bigint NOT NULL,
      PRIMARY KEY (source_id, delivery_id)
    );
    CREATE INDEX alert_deliveries_by_time ON alert_deliveries (received_at);

    CREATE TABLE compaction_leases (
      room_id text PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
      holder text NOT NULL,
      expires_at timestamptz NOT NULL
    );
  `,
};
