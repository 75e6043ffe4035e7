import { PHASES, ROLES, SEVERITIES, isOneOf } from '../../../shared/doc/enums';
import type { TeamRoomListing } from '../../../shared/protocol/relay-http';
import { BackgroundWrites } from './background-writes';
import type { RelayLogger } from '../../logging/logger';
import { StoreUnavailableError, type RoomDirectory } from '../../rooms/room-directory';
import type { RoomRecord } from '../relay-store';
import { PEOPLE_SOURCE, type RoomListingUpdate } from '../room-listing-store';
import type { PostgresRoomStore } from './postgres-room-store';

interface ListingRow {
  room_id: string;
  title: string | null;
  severity: string | null;
  phase: string | null;
  resolved: boolean;
  paged_roles: string;
  last_activity_at: string;
  created_at: string;
  source: string;
}

/**
 * Shared mode's directory: rooms, key verifiers and the team list in PostgreSQL, the same rows
 * for every relay. List rows are written by whichever relay stored a room's change; a row's time
 * never moves back, so two relays writing the same room's row in either order agree.
 */
export class PostgresRoomDirectory implements RoomDirectory {
  private readonly background: BackgroundWrites;

  constructor(
    private readonly store: PostgresRoomStore,
    logger: RelayLogger,
  ) {
    this.background = new BackgroundWrites(logger, 'room list rows');
  }

  createRoom(room: RoomRecord): Promise<boolean> {
    return unavailableOnFailure(this.store.createRoom(room));
  }

  findRoom(id: string): Promise<RoomRecord | undefined> {
    return unavailableOnFailure(this.store.findRoom(id));
  }

  countRooms(): Promise<number> {
    return unavailableOnFailure(this.store.countRooms());
  }

  listRooms(limit: number): Promise<TeamRoomListing[]> {
    return unavailableOnFailure(this.readList(limit));
  }

  private async readList(limit: number): Promise<TeamRoomListing[]> {
    // Open rooms first, then the most recently active (the index room_listing_order).
    const { rows } = await this.store.pool.query<ListingRow>(
      `SELECT l.room_id, l.title, l.severity, l.phase, l.resolved, l.paged_roles,
         l.last_activity_at, r.created_at, coalesce(a.source_id, $2) AS source
       FROM room_listing l JOIN rooms r ON r.id = l.room_id
       LEFT JOIN alert_rooms a ON a.room_id = l.room_id
       ORDER BY l.resolved, l.last_activity_at DESC, l.room_id
       LIMIT $1`,
      [limit, PEOPLE_SOURCE],
    );
    return rows.map((row) => ({
      id: row.room_id,
      title: row.title,
      severity: isOneOf(SEVERITIES, row.severity) ? row.severity : null,
      phase: isOneOf(PHASES, row.phase) ? row.phase : null,
      state: row.resolved ? 'resolved' : 'open',
      pagedRoles: ROLES.filter((role) => row.paged_roles.split(' ').includes(role)),
      source: row.source,
      createdAt: Number(row.created_at),
      lastActivityAt: Number(row.last_activity_at),
    }));
  }

  writeListing(rows: readonly RoomListingUpdate[]): void {
    if (rows.length === 0) return;
    this.background.start(
      rows.map((row) => row.roomId),
      this.upsertListing(rows),
    );
  }

  /** Resolves once every list write begun so far has finished (shutdown). */
  settle(): Promise<void> {
    return this.background.settle();
  }

  /** One statement for every row; `GREATEST` keeps a row's time from moving back. */
  private async upsertListing(rows: readonly RoomListingUpdate[]): Promise<void> {
    await this.store.pool.query(
      `INSERT INTO room_listing
         (room_id, title, severity, phase, resolved, paged_roles, last_activity_at, needs_read)
       SELECT room_id, title, severity, phase, resolved, paged_roles, last_activity_at, false
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[],
         $7::bigint[]) AS changed (room_id, title, severity, phase, resolved, paged_roles,
         last_activity_at)
       ON CONFLICT (room_id) DO UPDATE SET title = excluded.title, severity = excluded.severity,
         phase = excluded.phase, resolved = excluded.resolved, paged_roles = excluded.paged_roles,
         last_activity_at = GREATEST(room_listing.last_activity_at, excluded.last_activity_at),
         needs_read = false`,
      [
        rows.map((row) => row.roomId),
        rows.map((row) => row.title),
        rows.map((row) => row.severity),
        rows.map((row) => row.phase),
        rows.map((row) => row.resolved),
        rows.map((row) => row.pagedRoles.join(' ')),
        rows.map((row) => row.lastActivityAt),
      ],
    );
  }
}

/** A failed query, as the routes should tell it: the store is away, retry. */
function unavailableOnFailure<T>(query: Promise<T>): Promise<T> {
  return query.catch((error: unknown) => {
    throw new StoreUnavailableError(error);
  });
}
