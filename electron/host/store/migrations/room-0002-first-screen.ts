import type { Migration } from './migration';

/**
 * What a window paints first when it opens the room (a `RoomPreview` as JSON), and the update
 * log's position it describes: it is used only while the file holds exactly that content, so a
 * room opens without its whole document being loaded first (docs/ARCHITECTURE.md, "Opening a
 * room"). One row; rewritten as the room changes.
 */
export const roomFirstScreen: Migration = {
  version: 2,
  name: 'room first screen',
  up(db) {
    db.exec(`
      CREATE TABLE first_screen (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        through_seq INTEGER NOT NULL,
        data TEXT NOT NULL,
        written_at INTEGER NOT NULL
      );
    `);
  },
};
