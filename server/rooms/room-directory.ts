import type { TeamRoomListing } from '../../shared/protocol/relay-http';
import type { RoomRecord } from '../storage/relay-store';
import type { RoomListingUpdate } from '../storage/room-listing-store';

/**
 * The directory's store did not answer (shared mode: PostgreSQL is away). HTTP routes answer
 * 503 with it, so a caller retries instead of reading "internal error".
 */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the relay cannot reach its store; retry later', { cause });
  }
}

/**
 * Which rooms exist, with their key verifiers and their team list rows: what the HTTP routes
 * and the upgrade handler ask before any room is loaded. The SQLite relay answers from its file
 * (`sqliteRoomDirectory`), shared mode from PostgreSQL (`PostgresRoomDirectory`), so every relay
 * of a cluster answers the same. Async because PostgreSQL is across a network.
 */
export interface RoomDirectory {
  /** False (and nothing changes) when the id is taken. The room's team list row comes with it. */
  createRoom(room: RoomRecord): Promise<boolean>;
  findRoom(id: string): Promise<RoomRecord | undefined>;
  countRooms(): Promise<number>;
  /** The first `limit` rooms of the team list: open ones first, then the most recently active. */
  listRooms(limit: number): Promise<TeamRoomListing[]>;
  /**
   * Writes team list rows read from loaded rooms (RoomListingWriter). Derived data: a failure
   * is logged by the directory and costs freshness until the room's next change, never an update.
   */
  writeListing(rows: readonly RoomListingUpdate[]): void;
}
