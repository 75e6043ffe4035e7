import type { Migration } from './migration';

/** The host's list of rooms and how to reach each one's relay. */
export const catalogRooms: Migration = {
  version: 1,
  name: 'catalog rooms',
  up(db) {
    db.exec(`
      CREATE TABLE rooms (
        local_id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        relay_url TEXT,
        relay_room_id TEXT,
        relay_key TEXT,
        write_key TEXT,
        read_key TEXT,
        created_at INTEGER NOT NULL,
        CHECK ((relay_url IS NULL) = (relay_room_id IS NULL) AND (relay_url IS NULL) = (relay_key IS NULL))
      );
    `);
  },
};
