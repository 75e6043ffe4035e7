import type { Migration } from './migration';

/**
 * The other relays each relay said serve the same rooms (its /healthz `relays`), so a host started
 * while a room's relay is dead can still reach another. Keyed by the relay's address as rooms
 * name it; `alternates` is a JSON array of addresses, without the relay itself.
 */
export const catalogRelayAlternates: Migration = {
  version: 4,
  name: 'catalog relay alternates',
  up(db) {
    db.exec(`
      CREATE TABLE relay_alternates (
        relay_url TEXT PRIMARY KEY,
        alternates TEXT NOT NULL,
        learned_at INTEGER NOT NULL
      );
    `);
  },
};
