import type Database from 'better-sqlite3';
import { catalogMigrations } from './migrations/catalog-migrations';
import { openDatabase } from './open-database';

/** How this host reaches a room on a relay. */
export interface RelayLink {
  /** HTTP(S) base URL of the relay, no trailing slash. */
  url: string;
  /** The room's id on that relay. */
  roomId: string;
  /** The key this host connects with (write or read-only). */
  key: string;
  /** Known only to the room's creator: what to hand out in invites. */
  writeKey: string | null;
  readKey: string | null;
}

/**
 * What this machine learnt of the relays serving the same rooms as a relay: the alternates its
 * /healthz advertised, by the relay's address as rooms name it.
 */
export interface KnownRelays {
  /** The alternates last learnt for the relay ([] if none). */
  alternatesOf(relayUrl: string): string[];
  rememberAlternates(relayUrl: string, alternates: readonly string[]): void;
}

export interface RoomRecord {
  /** This host's id for the room; stable even when a local-only room is later published. */
  localId: string;
  title: string;
  relay: RelayLink | null;
  createdAt: number;
}

interface RoomRow {
  local_id: string;
  title: string;
  relay_url: string | null;
  relay_room_id: string | null;
  relay_key: string | null;
  write_key: string | null;
  read_key: string | null;
  created_at: number;
  updated_at: number;
  last_activity_at: number;
  seen_at: number;
  severity: string | null;
  phase: string | null;
  service: string | null;
}

/** What the room list shows of a room's document (title: null until the document names one). */
export interface ListedMeta {
  title: string | null;
  severity: string | null;
  phase: string | null;
  service: string | null;
}

/** A room as the room list shows it, as the catalog last stored it. */
export interface StoredListing {
  record: RoomRecord;
  /** The last change made to the room on this machine (ms since epoch); its creation until then. */
  updatedAt: number;
  /**
   * The last change to the room from anyone, this machine's or one the relay brought (when this
   * host stored it); its creation until then. Never earlier than `updatedAt`.
   */
  lastActivityAt: number;
  /** The newest change this person has seen: the last activity while they had the room open. */
  seenAt: number;
  severity: string | null;
  phase: string | null;
  service: string | null;
}

/** One room's list entry to write: a newer change time, the document's meta, or both. */
export interface ListingWrite {
  localId: string;
  changedAt?: number;
  /** A newer change from anyone (see StoredListing.lastActivityAt). */
  activityAt?: number;
  /** A newer change seen by this person. */
  seenAt?: number;
  meta?: ListedMeta;
}

function toListing(row: RoomRow): StoredListing {
  return {
    record: toRecord(row),
    updatedAt: row.updated_at,
    lastActivityAt: Math.max(row.last_activity_at, row.updated_at),
    seenAt: row.seen_at,
    severity: row.severity,
    phase: row.phase,
    service: row.service,
  };
}

function toRecord(row: RoomRow): RoomRecord {
  const relay =
    row.relay_url !== null && row.relay_room_id !== null && row.relay_key !== null
      ? {
          url: row.relay_url,
          roomId: row.relay_room_id,
          key: row.relay_key,
          writeKey: row.write_key,
          readKey: row.read_key,
        }
      : null;
  return { localId: row.local_id, title: row.title, relay, createdAt: row.created_at };
}

/**
 * The host's list of rooms (`host.sqlite`) and what it learnt of their relays. Room content lives
 * in one file per room.
 */
export class CatalogStore implements KnownRelays {
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    this.db = openDatabase(path, catalogMigrations);
  }

  list(): RoomRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM rooms ORDER BY created_at DESC, local_id')
      .all() as RoomRow[];
    return rows.map(toRecord);
  }

  /** Every room with what the list shows of it, most recent change from anyone first. */
  listings(): StoredListing[] {
    const rows = this.db
      .prepare('SELECT * FROM rooms ORDER BY MAX(last_activity_at, updated_at) DESC, local_id')
      .all() as RoomRow[];
    return rows.map(toListing);
  }

  listing(localId: string): StoredListing | null {
    const row = this.db.prepare('SELECT * FROM rooms WHERE local_id = ?').get(localId) as
      RoomRow | undefined;
    return row ? toListing(row) : null;
  }

  /**
   * Writes list entries in one transaction. Change and seen times only ever move forward; a
   * document without a title keeps the room's own.
   */
  writeListings(writes: readonly ListingWrite[]): void {
    const touch = this.db.prepare(
      'UPDATE rooms SET updated_at = MAX(updated_at, ?) WHERE local_id = ?',
    );
    const active = this.db.prepare(
      'UPDATE rooms SET last_activity_at = MAX(last_activity_at, ?) WHERE local_id = ?',
    );
    const seen = this.db.prepare('UPDATE rooms SET seen_at = MAX(seen_at, ?) WHERE local_id = ?');
    const describe = this.db.prepare(
      `UPDATE rooms SET title = COALESCE(@title, title), severity = @severity, phase = @phase,
         service = @service WHERE local_id = @localId`,
    );
    this.db.transaction(() => {
      for (const write of writes) {
        if (write.changedAt !== undefined) touch.run(write.changedAt, write.localId);
        if (write.activityAt !== undefined) active.run(write.activityAt, write.localId);
        if (write.seenAt !== undefined) seen.run(write.seenAt, write.localId);
        if (write.meta) describe.run({ ...write.meta, localId: write.localId });
      }
    })();
  }

  get(localId: string): RoomRecord | null {
    const row = this.db.prepare('SELECT * FROM rooms WHERE local_id = ?').get(localId) as
      RoomRow | undefined;
    return row ? toRecord(row) : null;
  }

  findByRelay(url: string, roomId: string): RoomRecord | null {
    const row = this.db
      .prepare('SELECT * FROM rooms WHERE relay_url = ? AND relay_room_id = ?')
      .get(url, roomId) as RoomRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Inserts or replaces the record; a new room's change, activity and seen times are its creation. */
  put(record: RoomRecord): void {
    this.db
      .prepare(
        `INSERT INTO rooms (local_id, title, relay_url, relay_room_id, relay_key, write_key, read_key, created_at, updated_at,
           last_activity_at, seen_at)
         VALUES (@localId, @title, @url, @roomId, @key, @writeKey, @readKey, @createdAt, @createdAt,
           @createdAt, @createdAt)
         ON CONFLICT (local_id) DO UPDATE SET title = excluded.title, relay_url = excluded.relay_url,
           relay_room_id = excluded.relay_room_id, relay_key = excluded.relay_key,
           write_key = excluded.write_key, read_key = excluded.read_key`,
      )
      .run({
        localId: record.localId,
        title: record.title,
        url: record.relay?.url ?? null,
        roomId: record.relay?.roomId ?? null,
        key: record.relay?.key ?? null,
        writeKey: record.relay?.writeKey ?? null,
        readKey: record.relay?.readKey ?? null,
        createdAt: record.createdAt,
      });
  }

  alternatesOf(relayUrl: string): string[] {
    const row = this.db
      .prepare('SELECT alternates FROM relay_alternates WHERE relay_url = ?')
      .get(relayUrl) as { alternates: string } | undefined;
    if (row === undefined) return [];
    const parsed: unknown = JSON.parse(row.alternates);
    if (!Array.isArray(parsed)) return [];
    return (parsed as unknown[]).filter((url): url is string => typeof url === 'string');
  }

  /** Replaces the relay's list: a relay the operator no longer advertises is forgotten. */
  rememberAlternates(relayUrl: string, alternates: readonly string[], at = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO relay_alternates (relay_url, alternates, learned_at) VALUES (?, ?, ?)
         ON CONFLICT (relay_url) DO UPDATE SET alternates = excluded.alternates,
           learned_at = excluded.learned_at`,
      )
      .run(relayUrl, JSON.stringify(alternates), at);
  }

  remove(localId: string): void {
    this.db.prepare('DELETE FROM rooms WHERE local_id = ?').run(localId);
  }

  close(): void {
    this.db.close();
  }
}
