/**
 * The outbound outbox in shared mode: the SQLite relay's migrations 6 to 9 (outbound_deliveries,
 * statuspage_incidents, follow_up_issues, follow_up_sends), plus what lets every relay run a
 * sender on the one table and still send each event once.
 *
 * - `outbound_deliveries.seq` numbers rows in commit order per room: rows are inserted in the
 *   transaction that appends the room's update, under the room row's lock (0001), so a room's
 *   rows of one target are numbered in the order their changes were stored, on whatever relay.
 * - `claim_token`, `claim_expires_at`: a sender takes a queue's head before it sends it (a short
 *   `FOR UPDATE SKIP LOCKED` statement) and only the holder of the token records the try. The
 *   expiry is the database's clock, so relays' clocks never disagree; a relay killed mid-send
 *   frees the head when it runs out, and another sends it again with the same event id.
 * - `outbound_deliveries_queue` (pending rows only) finds each queue's head and the due heads.
 *
 * Self-contained on purpose (see 0001).
 */
export const outboundOutboxMigration = {
  version: 4,
  name: 'outbound-outbox',
  sql: `
    CREATE TABLE outbound_deliveries (
      seq bigserial PRIMARY KEY,
      event_id text NOT NULL,
      room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      target_id text NOT NULL,
      target_kind text NOT NULL,
      event_type text NOT NULL,
      event text NOT NULL,
      state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at bigint NOT NULL,
      last_status integer,
      last_error text,
      created_at bigint NOT NULL,
      delivered_at bigint,
      claim_token text,
      claim_expires_at timestamptz,
      UNIQUE (event_id, target_id)
    );
    CREATE INDEX outbound_deliveries_queue
      ON outbound_deliveries (room_id, target_id, seq) WHERE state = 'pending';
    CREATE INDEX outbound_deliveries_by_state ON outbound_deliveries (state, seq);

    CREATE TABLE statuspage_incidents (
      target_id text NOT NULL,
      room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      incident_id text NOT NULL,
      created_at bigint NOT NULL,
      PRIMARY KEY (target_id, room_id)
    );

    CREATE TABLE follow_up_issues (
      room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      item_id text NOT NULL,
      target_id text NOT NULL,
      url text NOT NULL,
      ref text NOT NULL,
      created_at bigint NOT NULL,
      PRIMARY KEY (room_id, item_id, target_id)
    );

    CREATE TABLE follow_up_sends (
      room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      item_id text NOT NULL,
      target_id text NOT NULL,
      first_sent_at bigint NOT NULL,
      PRIMARY KEY (room_id, item_id, target_id)
    );
  `,
};
