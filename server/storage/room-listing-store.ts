import type { Database, Statement } from 'better-sqlite3';
import {
  PHASES,
  ROLES,
  SEVERITIES,
  isOneOf,
  type Phase,
  type Role,
  type Severity,
} from '../../shared/doc/enums';
import type { TeamRoomListing } from '../../shared/protocol/relay-http';

/** What the team room list shows of a room's document (read with shared/read). */
export interface RoomListingFields {
  readonly title: string | null;
  readonly severity: Severity | null;
  readonly phase: Phase | null;
  readonly resolved: boolean;
  /** Paged roles no person holds yet (`unansweredPages`), in role order. */
  readonly pagedRoles: readonly Role[];
}

export interface RoomListingUpdate extends RoomListingFields {
  readonly roomId: string;
  /** When the relay stored the room's latest change (ms); a row's time never moves back. */
  readonly lastActivityAt: number;
}

/** The `source` of a room no alert opened (alert_rooms has no row for it). */
export const PEOPLE_SOURCE = 'app';

interface ListingRow {
  room_id: string;
  title: string | null;
  severity: string | null;
  phase: string | null;
  resolved: number;
  paged_roles: string;
  last_activity_at: number;
  created_at: number;
  source: string;
}

/**
 * The `room_listing` table (migrations 3 and 5): the team room list's read model, one row per room.
 * Written when a room is created and, debounced, as its updates are stored (RoomListingWriter);
 * read by `GET /rooms` without loading any room.
 */
export class RoomListingStore {
  private readonly insertNewRow: Statement<[string, number]>;
  private readonly upsertRow: Statement<
    [string, string | null, string | null, string | null, number, string, number]
  >;
  private readonly selectUnread: Statement<[], { room_id: string }>;
  private readonly selectList: Statement<[number], ListingRow>;

  constructor(private readonly db: Database) {
    this.insertNewRow = db.prepare(
      'INSERT INTO room_listing (room_id, last_activity_at) VALUES (?, ?) ON CONFLICT(room_id) DO NOTHING',
    );
    this.upsertRow = db.prepare(
      `INSERT INTO room_listing
         (room_id, title, severity, phase, resolved, paged_roles, last_activity_at, needs_read)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0)
       ON CONFLICT(room_id) DO UPDATE SET title = excluded.title, severity = excluded.severity,
         phase = excluded.phase, resolved = excluded.resolved, paged_roles = excluded.paged_roles,
         last_activity_at = max(last_activity_at, excluded.last_activity_at), needs_read = 0`,
    );
    this.selectUnread = db.prepare('SELECT room_id FROM room_listing WHERE needs_read = 1');
    // Open rooms first, then the most recently active; the index room_listing_order serves it.
    this.selectList = db.prepare(
      `SELECT l.room_id, l.title, l.severity, l.phase, l.resolved, l.paged_roles, l.last_activity_at,
         r.created_at, coalesce(a.source_id, '${PEOPLE_SOURCE}') AS source
       FROM room_listing l
       JOIN rooms r ON r.id = l.room_id
       LEFT JOIN alert_rooms a ON a.room_id = l.room_id
       ORDER BY l.resolved, l.last_activity_at DESC, l.room_id
       LIMIT ?`,
    );
  }

  /** A new room's row: nothing declared yet, active since its creation. */
  addRoom(roomId: string, createdAt: number): void {
    this.insertNewRow.run(roomId, createdAt);
  }

  /** Writes the rooms' rows in one transaction (creating any that are missing). */
  update(rows: readonly RoomListingUpdate[]): void {
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const row of rows) {
        this.upsertRow.run(
          row.roomId,
          row.title,
          row.severity,
          row.phase,
          row.resolved ? 1 : 0,
          row.pagedRoles.join(' '),
          row.lastActivityAt,
        );
      }
    })();
  }

  /** Rooms whose rows were never read from their documents (they predate migration 3). */
  unreadRoomIds(): string[] {
    return this.selectUnread.all().map((row) => row.room_id);
  }

  /** The first `limit` rooms: open ones first, then the most recently active. */
  list(limit: number): TeamRoomListing[] {
    return this.selectList.all(limit).map((row) => ({
      id: row.room_id,
      title: row.title,
      severity: isOneOf(SEVERITIES, row.severity) ? row.severity : null,
      phase: isOneOf(PHASES, row.phase) ? row.phase : null,
      state: row.resolved === 1 ? 'resolved' : 'open',
      pagedRoles: ROLES.filter((role) => row.paged_roles.split(' ').includes(role)),
      source: row.source,
      createdAt: row.created_at,
      lastActivityAt: row.last_activity_at,
    }));
  }
}
