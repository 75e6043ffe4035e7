/**
 * The status pages' read model in shared mode (the SQLite relay's migration 4), so every relay
 * serves the same pages. Written by whichever relay stored a room's change, in any order; what
 * differs from SQLite is what lets those writes agree:
 *
 * - `status_page_rooms` keeps a row for every room written, `page_id` NULL while it is on no page,
 *   and `stored_at`, the time of the change the row was read after: a row is replaced only by one
 *   read after a later change (ties broken by the fingerprint), so a slow write of an older change
 *   never puts back what a newer one took off.
 * - `status_page_versions.declaration` is a digest of the page as the relays' status pages file
 *   declares it: a relay starting with another declaration moves the page's time, so
 *   Last-Modified (and with it the body) is the same from every relay, whenever each started.
 *
 * Self-contained on purpose (see 0001).
 */
export const statusPagesMigration = {
  version: 5,
  name: 'status-pages',
  sql: `
    CREATE TABLE status_page_rooms (
      room_id text PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
      page_id text,
      component_ids text NOT NULL,
      title text,
      severity text,
      phase text,
      resolved boolean NOT NULL,
      declared_at text,
      resolved_at text,
      fingerprint text NOT NULL,
      stored_at bigint NOT NULL
    );
    CREATE INDEX status_page_rooms_page ON status_page_rooms (page_id);

    CREATE TABLE status_page_updates (
      room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
      update_id text NOT NULL,
      text text NOT NULL,
      phase text NOT NULL,
      published_at text NOT NULL,
      PRIMARY KEY (room_id, update_id)
    );

    CREATE TABLE status_page_versions (
      page_id text PRIMARY KEY,
      version bigint NOT NULL,
      changed_at bigint NOT NULL,
      declaration text
    );
  `,
};
