/**
 * The alert intake in shared mode (the SQLite relay's migration 2; alert_deliveries came with
 * 0001): which room each (source, dedupe key) opened, unique across every relay, and the alerts
 * no routing rule took.
 */
export const alertIntakeMigration = {
  version: 3,
  name: 'alert-intake',
  sql: `
    CREATE TABLE alert_rooms (
      room_id text PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
      source_id text NOT NULL,
      dedupe_key text NOT NULL,
      opened_at bigint NOT NULL,
      UNIQUE (source_id, dedupe_key)
    );

    CREATE TABLE unrouted_alerts (
      seq bigserial PRIMARY KEY,
      source_id text NOT NULL,
      delivery_id text NOT NULL,
      dedupe_key text NOT NULL,
      reason text NOT NULL,
      received_at bigint NOT NULL,
      alert text NOT NULL,
      UNIQUE (source_id, delivery_id)
    );
  `,
};
