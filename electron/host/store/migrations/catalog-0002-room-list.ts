import type { Migration } from './migration';

/**
 * What the room list shows about a room without opening its file: when it last changed on this
 * machine (its creation until then), and its severity, phase and affected service as its
 * document last said.
 */
export const catalogRoomList: Migration = {
  version: 2,
  name: 'catalog room list',
  up(db) {
    db.exec(`
      ALTER TABLE rooms ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
      UPDATE rooms SET updated_at = created_at;
      ALTER TABLE rooms ADD COLUMN severity TEXT;
      ALTER TABLE rooms ADD COLUMN phase TEXT;
      ALTER TABLE rooms ADD COLUMN service TEXT;
    `);
  },
};
