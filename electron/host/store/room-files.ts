import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { RoomRecord } from './catalog-store';
import { type CompactionLimits, DEFAULT_COMPACTION, RoomStore } from './room-store';
import { LocalStoreError } from './store-errors';

/**
 * The room files in a data folder, apart from what is inside them: each room's SQLite file also
 * keeps its own catalog record (setting `record`), so a catalog lost or rebuilt can adopt it.
 */

/** Writes `record` into the room's file (creating the file for a new room). */
export function writeRoomRecord(
  path: string,
  record: RoomRecord,
  compaction: CompactionLimits = DEFAULT_COMPACTION,
): void {
  const store = new RoomStore(path, compaction);
  try {
    store.setSetting('record', JSON.stringify(record));
  } finally {
    store.close();
  }
}

/**
 * Moves a room's file (and its WAL and shared-memory files) to `left/` in the data folder, named
 * by the room and the time: a room left by mistake at 3 AM can be brought back by hand.
 */
export function moveRoomFileToLeft(dataDir: string, path: string, localId: string): void {
  if (!existsSync(path)) return;
  const leftDir = join(dataDir, 'left');
  mkdirSync(leftDir, { recursive: true });
  const target = join(leftDir, `${localId}-${new Date().toISOString().replace(/:/g, '-')}.sqlite`);
  renameSync(path, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
}

/**
 * The records kept in room files the catalog does not list (`isListed` says which it does), and
 * the files found damaged (moved aside by the store; without their record nobody can say which
 * room they were).
 */
export function unlistedRoomRecords(
  roomsDir: string,
  isListed: (localId: string) => boolean,
): { records: RoomRecord[]; damaged: LocalStoreError[] } {
  const records: RoomRecord[] = [];
  const damaged: LocalStoreError[] = [];
  for (const name of readdirSync(roomsDir)) {
    const match = /^([a-z0-9]{8,40})\.sqlite$/.exec(name);
    if (!match?.[1] || isListed(match[1])) continue;
    let store: RoomStore;
    try {
      store = new RoomStore(join(roomsDir, name));
    } catch (error) {
      if (error instanceof LocalStoreError) damaged.push(error);
      continue;
    }
    try {
      const saved = store.getSetting('record');
      if (saved !== null) records.push(JSON.parse(saved) as RoomRecord);
    } finally {
      store.close();
    }
  }
  return { records, damaged };
}
