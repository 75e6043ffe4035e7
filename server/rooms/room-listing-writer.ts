import * as Y from 'yjs';
import { unansweredPages } from '../../shared/ops/page-roles';
import { readMeta } from '../../shared/read/room-parts';
import type { RelayLogger } from '../logging/logger';
import type { RelayStore } from '../storage/relay-store';
import type { RoomListingFields } from '../storage/room-listing-store';
import { presentRoots } from './present-roots';
import type { RoomDirectory } from './room-directory';
import { readStatusPageListing } from '../status-pages/status-page-fields';
import type { StatusPageRows } from '../status-pages/status-page-rows';

/** How long stored changes gather before the list rows are written (one transaction). */
export const LISTING_WRITE_DELAY_MS = 200;

/** The list's fields of a room, read with the shared read model (the meta and roles roots). */
export function readListingFields(doc: Y.Doc): RoomListingFields {
  const roots = presentRoots(doc);
  const meta = readMeta(roots);
  return {
    title: meta.title,
    severity: meta.severity,
    phase: meta.phase?.name ?? null,
    resolved: meta.phase?.name === 'resolved',
    pagedRoles: unansweredPages(roots),
  };
}

/**
 * Where the writer's rows go: the team list's and the status pages' (written by every relay,
 * with `--status-pages` or not: in shared mode another relay may serve the pages).
 */
export interface ListingSinks {
  readonly listing: Pick<RoomDirectory, 'writeListing'>;
  readonly statusPages: Pick<StatusPageRows, 'update'>;
}

/** A loaded room as the writer sees it. */
export interface ListedRoom {
  readonly id: string;
  readonly doc: Y.Doc;
}

/**
 * Keeps the rows read from loaded rooms' documents current: the team room list's and the status
 * pages' (a page then serves from its rows however busy the room's document is). Each stored
 * update marks its room dirty; at most every LISTING_WRITE_DELAY_MS the dirty rooms' meta is read
 * from their documents and written in one transaction, so a typing burst costs one row write per
 * room, and a busy room is never more than the delay behind. A room is written at once when it
 * unloads.
 */
export class RoomListingWriter {
  /** Dirty rooms, with the time their latest change was stored. */
  private readonly dirty = new Map<string, { room: ListedRoom; storedAt: number }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    /** The read models written from a room's document: the room list and the status pages. */
    private readonly sinks: ListingSinks,
    private readonly logger: RelayLogger,
    private readonly delayMs = LISTING_WRITE_DELAY_MS,
  ) {}

  /** The relay stored an update of `room` at `storedAt`. */
  updateStored(room: ListedRoom, storedAt: number): void {
    this.dirty.set(room.id, { room, storedAt });
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.writeDirty();
    }, this.delayMs);
    // Shutdown writes what is dirty itself (unload); this timer must not hold the process.
    this.timer.unref();
  }

  /** Writes `room`'s row now if it has unwritten changes (before it unloads). */
  writeRoom(room: ListedRoom): void {
    const entry = this.dirty.get(room.id);
    if (!entry || entry.room !== room) return;
    this.dirty.delete(room.id);
    this.write([entry]);
  }

  /** Drops a room whose document can no longer be read (it failed to store and was torn down). */
  forget(room: ListedRoom): void {
    if (this.dirty.get(room.id)?.room === room) this.dirty.delete(room.id);
  }

  /** Writes every dirty room and stops the timer (shutdown). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writeDirty();
  }

  private writeDirty(): void {
    const entries = [...this.dirty.values()];
    this.dirty.clear();
    this.write(entries);
  }

  private write(entries: readonly { room: ListedRoom; storedAt: number }[]): void {
    if (entries.length === 0) return;
    // Pages first: a list row showing a change then means the page rows have it too.
    this.writeStatusPages(entries);
    this.writeListing(entries);
  }

  private writeStatusPages(entries: readonly { room: ListedRoom; storedAt: number }[]): void {
    const { statusPages } = this.sinks;
    try {
      const rows = entries.map(({ room }) => ({
        roomId: room.id,
        listing: readStatusPageListing(room.doc),
      }));
      statusPages.update(rows, Math.max(...entries.map((entry) => entry.storedAt)));
    } catch (error) {
      // Derived like the list: the next stored change of the room writes it again.
      this.logger.error(
        { err: error, rooms: entries.map(({ room }) => room.id) },
        'status page rows could not be written',
      );
    }
  }

  private writeListing(entries: readonly { room: ListedRoom; storedAt: number }[]): void {
    try {
      this.sinks.listing.writeListing(
        entries.map(({ room, storedAt }) => ({
          roomId: room.id,
          lastActivityAt: storedAt,
          ...readListingFields(room.doc),
        })),
      );
    } catch (error) {
      // The list is derived: a failed write costs freshness, not data. The next change of the
      // room (or its unload) writes it again.
      this.logger.error(
        { err: error, rooms: entries.map(({ room }) => room.id) },
        'room list rows could not be written',
      );
    }
  }
}

/**
 * Reads the documents of rooms whose list rows were never read (rooms that predate the list,
 * migration 3) and writes their rows: once, at start, straight from storage without loading
 * them into the registry. Their last activity stays as the migration found it.
 */
export function readUnreadListings(store: RelayStore, logger: RelayLogger): number {
  const roomIds = store.listing.unreadRoomIds();
  for (const roomId of roomIds) {
    const stored = store.loadRoomState(roomId);
    const doc = new Y.Doc();
    try {
      doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const update of stored.updates) Y.applyUpdate(doc, update);
      });
      store.listing.update([{ roomId, lastActivityAt: 0, ...readListingFields(doc) }]);
    } finally {
      doc.destroy();
    }
  }
  if (roomIds.length > 0) {
    logger.info({ event: 'room-list-read', rooms: roomIds.length }, 'room list rows read');
  }
  return roomIds.length;
}
