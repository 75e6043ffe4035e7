import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { schemaVersion } from '../../../shared/util/run-migrations';
import { RELAY_DATABASE_FILE } from '../relay-store';
import { inTransaction } from './in-transaction';
import type { PostgresRoomStore } from './postgres-room-store';
import { asBuffer } from './postgres-room-store';

/** What `copySqliteRelay` did. */
export interface CopyReport {
  /** Rooms written into PostgreSQL by this run. */
  readonly copied: number;
  /** Rooms PostgreSQL already had with the same keys (an earlier run): left as they are. */
  readonly alreadyThere: number;
  readonly updates: number;
  readonly snapshots: number;
}

/** The SQLite schema that has every column copied here (room_listing's paged_roles came with 5). */
const OLDEST_COPYABLE_SCHEMA = 5;

interface RoomRow {
  id: string;
  write_key_verifier: Buffer;
  read_key_verifier: Buffer;
  created_at: number;
}

/**
 * Copies an SQLite relay's rooms into a shared-mode PostgreSQL database: per room its key
 * verifiers, snapshot, update log (with its sequence numbers), team list row, the alert group
 * that opened it and its alert deliveries, in one PostgreSQL transaction per room, so a room is there whole or not at all.
 * Idempotent: a room PostgreSQL already has with the same keys is left alone, so a run that
 * stopped half way is simply run again. A room PostgreSQL has with other keys is a different
 * room: the whole run is refused before anything is written. Run it with the SQLite relay
 * stopped; the file is opened read-only.
 */
export async function copySqliteRelay(
  dataDir: string,
  store: PostgresRoomStore,
): Promise<CopyReport> {
  const file = join(dataDir, RELAY_DATABASE_FILE);
  if (!existsSync(file))
    throw new Error(`no relay database in ${dataDir} (${RELAY_DATABASE_FILE})`);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const version = schemaVersion(sqlite);
    if (version < OLDEST_COPYABLE_SCHEMA) {
      throw new Error(
        `the relay database in ${dataDir} is at schema ${version}: start that relay once (it upgrades its file), stop it, then copy`,
      );
    }
    const rooms = sqlite
      .prepare<[], RoomRow>(
        'SELECT id, write_key_verifier, read_key_verifier, created_at FROM rooms ORDER BY id',
      )
      .all();
    const existing = await roomsAlreadyThere(store, rooms);
    let report = { copied: 0, alreadyThere: existing.size, updates: 0, snapshots: 0 };
    for (const room of rooms) {
      if (existing.has(room.id)) continue;
      const copied = await copyRoom(sqlite, store, room);
      report = {
        ...report,
        copied: report.copied + 1,
        updates: report.updates + copied.updates,
        snapshots: report.snapshots + copied.snapshots,
      };
    }
    return report;
  } finally {
    sqlite.close();
  }
}

/** The rooms PostgreSQL has with the same keys; throws, naming it, for one it has with others. */
async function roomsAlreadyThere(
  store: PostgresRoomStore,
  rooms: readonly RoomRow[],
): Promise<Set<string>> {
  const there = new Set<string>();
  for (const room of rooms) {
    const found = await store.findRoom(room.id);
    if (!found) continue;
    const same =
      found.writeKeyVerifier.equals(room.write_key_verifier) &&
      found.readKeyVerifier.equals(room.read_key_verifier);
    if (!same) {
      throw new Error(
        `room ${room.id} is already in PostgreSQL with other keys: it is another room; nothing was copied`,
      );
    }
    there.add(room.id);
  }
  return there;
}

interface RoomContent {
  snapshot: { data: Buffer; compacted_through_seq: number; stored_at: number } | undefined;
  updates: { seq: number; data: Buffer; stored_at: number }[];
  listing:
    | {
        title: string | null;
        severity: string | null;
        phase: string | null;
        resolved: number;
        paged_roles: string;
        last_activity_at: number;
        needs_read: number;
      }
    | undefined;
  /** The (source, dedupe key) whose alert opened the room, so its next alert finds it. */
  alertGroup: { source_id: string; dedupe_key: string; opened_at: number } | undefined;
  deliveries: { source_id: string; delivery_id: string; received_at: number }[];
}

/** One room's rows, read in one SQLite transaction so they agree with each other. */
function readRoom(sqlite: SqliteDatabase, roomId: string): RoomContent {
  return sqlite.transaction(() => ({
    snapshot: sqlite
      .prepare<[string], RoomContent['snapshot'] & object>(
        'SELECT data, compacted_through_seq, stored_at FROM room_snapshots WHERE room_id = ?',
      )
      .get(roomId),
    updates: sqlite
      .prepare<[string], RoomContent['updates'][number]>(
        'SELECT seq, data, stored_at FROM room_updates WHERE room_id = ? ORDER BY seq',
      )
      .all(roomId),
    listing: sqlite
      .prepare<[string], RoomContent['listing'] & object>(
        'SELECT title, severity, phase, resolved, paged_roles, last_activity_at, needs_read FROM room_listing WHERE room_id = ?',
      )
      .get(roomId),
    alertGroup: sqlite
      .prepare<[string], RoomContent['alertGroup'] & object>(
        'SELECT source_id, dedupe_key, opened_at FROM alert_rooms WHERE room_id = ?',
      )
      .get(roomId),
    deliveries: sqlite
      .prepare<[string], RoomContent['deliveries'][number]>(
        'SELECT source_id, delivery_id, received_at FROM alert_deliveries WHERE room_id = ?',
      )
      .all(roomId),
  }))();
}

async function copyRoom(
  sqlite: SqliteDatabase,
  store: PostgresRoomStore,
  room: RoomRow,
): Promise<{ updates: number; snapshots: number }> {
  const { snapshot, updates, listing, alertGroup, deliveries } = readRoom(sqlite, room.id);
  const lastSeq = Math.max(snapshot?.compacted_through_seq ?? 0, updates.at(-1)?.seq ?? 0);
  await inTransaction(store.pool, async (client) => {
    await client.query(
      `INSERT INTO rooms (id, write_key_verifier, read_key_verifier, created_at, last_seq)
       VALUES ($1, $2, $3, $4, $5)`,
      [room.id, room.write_key_verifier, room.read_key_verifier, room.created_at, lastSeq],
    );
    if (snapshot) {
      await client.query(
        `INSERT INTO room_snapshots (room_id, data, compacted_through_seq, stored_at)
         VALUES ($1, $2, $3, $4)`,
        [room.id, asBuffer(snapshot.data), snapshot.compacted_through_seq, snapshot.stored_at],
      );
    }
    await client.query(
      `INSERT INTO room_updates (room_id, seq, data, stored_at)
       SELECT $1, seq, data, stored_at FROM unnest($2::bigint[], $3::bytea[], $4::bigint[])
         AS copied (seq, data, stored_at)`,
      [
        room.id,
        updates.map((u) => u.seq),
        updates.map((u) => u.data),
        updates.map((u) => u.stored_at),
      ],
    );
    await client.query(
      `INSERT INTO room_listing
         (room_id, title, severity, phase, resolved, paged_roles, last_activity_at, needs_read)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        room.id,
        listing?.title ?? null,
        listing?.severity ?? null,
        listing?.phase ?? null,
        listing?.resolved === 1,
        listing?.paged_roles ?? '',
        listing?.last_activity_at ?? room.created_at,
        // A room without a row (none should lack one) is read from its document once.
        listing ? listing.needs_read === 1 : true,
      ],
    );
    if (alertGroup) {
      await client.query(
        'INSERT INTO alert_rooms (room_id, source_id, dedupe_key, opened_at) VALUES ($1, $2, $3, $4)',
        [room.id, alertGroup.source_id, alertGroup.dedupe_key, alertGroup.opened_at],
      );
    }
    await client.query(
      `INSERT INTO alert_deliveries (source_id, delivery_id, room_id, received_at)
       SELECT source_id, delivery_id, $1, received_at
       FROM unnest($2::text[], $3::text[], $4::bigint[]) AS copied (source_id, delivery_id, received_at)`,
      [
        room.id,
        deliveries.map((d) => d.source_id),
        deliveries.map((d) => d.delivery_id),
        deliveries.map((d) => d.received_at),
      ],
    );
  });
  return { updates: updates.length, snapshots: snapshot ? 1 : 0 };
}
