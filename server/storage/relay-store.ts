import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrate';
import { OutboxStore, type OutboxRow } from './outbox-store';
import { RoomListingStore } from './room-listing-store';
import { StatusPageStore } from './status-page-store';

export interface RoomRecord {
  readonly id: string;
  readonly writeKeyVerifier: Buffer;
  readonly readKeyVerifier: Buffer;
  readonly createdAt: number;
}

/** What a room is made of on disk: apply the snapshot, then the updates, in order. */
export interface StoredRoomState {
  readonly snapshot: Uint8Array | null;
  readonly updates: readonly Uint8Array[];
  /** Sum of the update log's byte lengths, to decide on compaction without another query. */
  readonly updateBytes: number;
  /** The last update log sequence number included above (0 when the log is empty). */
  readonly lastSeq: number;
}

interface RoomRow {
  id: string;
  write_key_verifier: Buffer;
  read_key_verifier: Buffer;
  created_at: number;
}

export const RELAY_DATABASE_FILE = 'relay.sqlite';

/** An alert notification a room update records, so a sender's retry of it appends nothing. */
export interface AlertDelivery {
  readonly sourceId: string;
  readonly deliveryId: string;
}

/** One update for `appendUpdates`, with the alert deliveries it records (if any). */
export interface UpdateToAppend {
  readonly roomId: string;
  readonly update: Uint8Array;
  readonly deliveries?: readonly AlertDelivery[] | undefined;
  /** The outbound events the update causes, one row per target (see server/outbound). */
  readonly outbox?: readonly OutboxRow[] | undefined;
}

/**
 * The relay's SQLite file. Every method is synchronous on purpose: an update is on disk when
 * `appendUpdate` returns, so the caller can broadcast it (and confirm it) knowing a crash after
 * that point cannot lose it.
 */
export class RelayStore {
  private readonly insertRoom: Statement<[string, Buffer, Buffer, number]>;
  private readonly selectRoom: Statement<[string], RoomRow>;
  private readonly countRoomRows: Statement<[], { count: number }>;
  private readonly insertUpdate: Statement<[string, Uint8Array, number]>;
  private readonly selectSnapshot: Statement<[string], { data: Buffer }>;
  private readonly selectUpdates: Statement<[string], { seq: number; data: Buffer }>;
  private readonly upsertSnapshot: Statement<[string, Uint8Array, number, number]>;
  private readonly deleteUpdatesThrough: Statement<[string, number]>;
  /** The team room list's rows, in this file (migration 3). */
  readonly listing: RoomListingStore;
  /** The public status pages' rows (migration 4). */
  readonly statusPages: StatusPageStore;
  /** The outbound notifications' outbox and receipts (migration 6). */
  readonly outbox: OutboxStore;
  private readonly insertDelivery: Statement<[string, string, string, number]>;

  private constructor(private readonly db: SqliteDatabase) {
    this.insertRoom = db.prepare(
      'INSERT INTO rooms (id, write_key_verifier, read_key_verifier, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
    );
    this.selectRoom = db.prepare(
      'SELECT id, write_key_verifier, read_key_verifier, created_at FROM rooms WHERE id = ?',
    );
    this.countRoomRows = db.prepare('SELECT count(*) AS count FROM rooms');
    this.insertUpdate = db.prepare(
      'INSERT INTO room_updates (room_id, data, stored_at) VALUES (?, ?, ?)',
    );
    this.selectSnapshot = db.prepare('SELECT data FROM room_snapshots WHERE room_id = ?');
    this.selectUpdates = db.prepare(
      'SELECT seq, data FROM room_updates WHERE room_id = ? ORDER BY seq',
    );
    this.upsertSnapshot = db.prepare(
      `INSERT INTO room_snapshots (room_id, data, compacted_through_seq, stored_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(room_id) DO UPDATE SET data = excluded.data,
         compacted_through_seq = excluded.compacted_through_seq, stored_at = excluded.stored_at`,
    );
    this.deleteUpdatesThrough = db.prepare(
      'DELETE FROM room_updates WHERE room_id = ? AND seq <= ?',
    );
    this.listing = new RoomListingStore(db);
    this.statusPages = new StatusPageStore(db);
    this.outbox = new OutboxStore(db);
    this.insertDelivery = db.prepare(
      'INSERT OR IGNORE INTO alert_deliveries (source_id, delivery_id, room_id, received_at) VALUES (?, ?, ?, ?)',
    );
  }

  /** The open database, for the stores of other concerns that keep tables in this file (alerts). */
  get database(): SqliteDatabase {
    return this.db;
  }

  /** Opens (creating if needed) the relay database in `dataDir` and migrates it. */
  static open(dataDir: string): RelayStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, RELAY_DATABASE_FILE));
    try {
      db.pragma('journal_mode = WAL');
      // FULL: a commit survives power loss too, not only a process crash. Updates are small and
      // arrive at typing speed, so the fsync per update is affordable; losing a word is not.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      return new RelayStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Returns false (and changes nothing) when a room with this id already exists. The room's
   * team list row is made with it, so every room is listed from its creation on.
   */
  createRoom(room: RoomRecord): boolean {
    return this.db.transaction(() => {
      const result = this.insertRoom.run(
        room.id,
        room.writeKeyVerifier,
        room.readKeyVerifier,
        room.createdAt,
      );
      if (result.changes !== 1) return false;
      this.listing.addRoom(room.id, room.createdAt);
      return true;
    })();
  }

  findRoom(id: string): RoomRecord | undefined {
    const row = this.selectRoom.get(id);
    if (!row) return undefined;
    return {
      id: row.id,
      writeKeyVerifier: row.write_key_verifier,
      readKeyVerifier: row.read_key_verifier,
      createdAt: row.created_at,
    };
  }

  countRooms(): number {
    return this.countRoomRows.get()?.count ?? 0;
  }

  loadRoomState(roomId: string): StoredRoomState {
    return this.db.transaction(() => {
      const snapshot = this.selectSnapshot.get(roomId)?.data ?? null;
      const rows = this.selectUpdates.all(roomId);
      let updateBytes = 0;
      for (const row of rows) updateBytes += row.data.byteLength;
      return {
        snapshot,
        updates: rows.map((row) => row.data),
        updateBytes,
        lastSeq: rows.at(-1)?.seq ?? 0,
      };
    })();
  }

  /** Durably appends one update; returns its sequence number in the log. */
  appendUpdate(roomId: string, update: Uint8Array): number {
    const result = this.insertUpdate.run(roomId, update, Date.now());
    return Number(result.lastInsertRowid);
  }

  /**
   * Durably appends several updates (of any rooms) in one transaction: one fsync for all of them.
   * Returns their sequence numbers in order. All or nothing: on error none is stored. The alert
   * deliveries an update records are stored in the same transaction, so "this notification is
   * in the room" is on disk exactly when the entries it made are; so are the outbound events an
   * update causes (its outbox rows): an event is stored exactly when its cause is.
   */
  appendUpdates(appends: readonly UpdateToAppend[]): number[] {
    return this.db.transaction(() => {
      const storedAt = Date.now();
      return appends.map(({ roomId, update, deliveries, outbox }) => {
        const seq = Number(this.insertUpdate.run(roomId, update, storedAt).lastInsertRowid);
        for (const { sourceId, deliveryId } of deliveries ?? []) {
          this.insertDelivery.run(sourceId, deliveryId, roomId, storedAt);
        }
        if (outbox && outbox.length > 0) this.outbox.insert(roomId, outbox, storedAt);
        return seq;
      });
    })();
  }

  /**
   * Replaces the snapshot and drops the log entries it covers, in one transaction: a crash
   * leaves either the old snapshot with the whole log or the new snapshot with the rest of it.
   */
  compactRoom(roomId: string, snapshot: Uint8Array, throughSeq: number): void {
    this.db.transaction(() => {
      this.upsertSnapshot.run(roomId, snapshot, throughSeq, Date.now());
      this.deleteUpdatesThrough.run(roomId, throughSeq);
    })();
  }

  close(): void {
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
