import { roomRoots } from '../../../shared/doc/roots';
import { readMeta } from '../../../shared/read/room-parts';
import type { CatalogStore, ListedMeta, ListingWrite, StoredListing } from '../store/catalog-store';
import type { RoomSession } from './room-session';

/** A room as the room list shows it. */
export interface RoomListing extends StoredListing {
  /** Changes came in since this person last had the room open (and no window shows it now). */
  unread: boolean;
}

/** How long a local change time may wait in memory before the catalog is written. */
export const DEFAULT_ROOM_LIST_WRITE_DELAY_MS = 2000;

/**
 * How long windows wait to hear that the list changed after a change to a room. Windows show the
 * list live (within 2 s of a change anywhere); a burst of keystrokes is told once, not per key.
 */
export const ROOM_LIST_NOTIFY_DELAY_MS = 250;

export interface RoomListOptions {
  catalog: CatalogStore;
  /** This machine's clock: the change times the list shows and orders by. */
  now: () => number;
  /**
   * How long a change may wait in memory before the catalog is written (default
   * DEFAULT_ROOM_LIST_WRITE_DELAY_MS). Typing
   * changes a room many times a second; one catalog commit per keystroke would double the disk
   * work of every edit for a time shown to the minute. Reads in between see the newest anyway.
   */
  writeDelayMs?: number;
  /** How long a change waits before windows are told (default ROOM_LIST_NOTIFY_DELAY_MS). */
  notifyDelayMs?: number;
  /** Called after the list as windows see it changed (so they can fetch it again). */
  onChanged: () => void;
}

interface FollowedRoom {
  meta: ListedMeta;
  /** The meta changed since the catalog was last written (or was never compared to it). */
  metaUnwritten: boolean;
  stop: () => void;
}

function listedMeta(session: RoomSession): ListedMeta {
  const meta = readMeta(roomRoots(session.doc));
  return {
    title: meta.title,
    severity: meta.severity,
    phase: meta.phase?.name ?? null,
    service: meta.service,
  };
}

function sameMeta(listing: StoredListing, meta: ListedMeta): boolean {
  return (
    (meta.title === null || meta.title === listing.record.title) &&
    meta.severity === listing.severity &&
    meta.phase === listing.phase &&
    meta.service === listing.service
  );
}

/**
 * The room list: each room's title, severity, phase and service as its document says, and when
 * it last changed on this machine. Kept in the catalog so the list is true without opening every
 * room file; open rooms are followed live and written to the catalog a little later, in one
 * transaction for all of them.
 */
export class RoomList {
  private readonly followed = new Map<string, FollowedRoom>();
  /** Newest local change per room not yet in the catalog. */
  private readonly changedAt = new Map<string, number>();
  /** Newest change from anyone per room not yet in the catalog. */
  private readonly activityAt = new Map<string, number>();
  /** Newest change seen by this person per room not yet in the catalog. */
  private readonly seenAt = new Map<string, number>();
  /** Rooms a window shows now: their changes are seen as they come. */
  private readonly viewed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private notifyTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: RoomListOptions) {}

  /** Follows an open room's local changes and meta until `unfollow`. */
  follow(session: RoomSession): void {
    const localId = session.localId;
    this.unfollow(localId);
    const meta = roomRoots(session.doc).meta;
    const room: FollowedRoom = { meta: listedMeta(session), metaUnwritten: true, stop: () => {} };
    // Read here, written later: never write a database from inside a Yjs observer.
    const onMeta = () => {
      room.meta = listedMeta(session);
      room.metaUnwritten = true;
      this.scheduleWrite();
      this.notifySoon();
    };
    meta.observe(onMeta);
    // The session tells local changes just before it tells every saved one (the same update).
    let ownChange = false;
    const stopChanges = session.onLocalChange(() => {
      ownChange = true;
      this.changedAt.set(localId, this.options.now());
      this.scheduleWrite();
    });
    // Every stored change, this machine's or the relay's: the list's "last change" and "new".
    // This person's own changes are seen by them, wherever the room is shown.
    const stopActivity = session.onSaved(() => {
      const now = this.options.now();
      this.activityAt.set(localId, now);
      if (ownChange || this.viewed.has(localId)) this.seenAt.set(localId, now);
      ownChange = false;
      this.scheduleWrite();
      this.notifySoon();
    });
    room.stop = () => {
      meta.unobserve(onMeta);
      stopChanges();
      stopActivity();
    };
    this.followed.set(localId, room);
    // The file may be ahead of the catalog (an older app, or a change from the relay while away).
    this.scheduleWrite();
  }

  /** Stops following a room (its session closed) and writes what it left unwritten. */
  unfollow(localId: string): void {
    const room = this.followed.get(localId);
    if (!room) return;
    room.stop();
    this.write([localId]);
    this.followed.delete(localId);
  }

  /** Forgets a room that left this machine, unwritten changes included. */
  forget(localId: string): void {
    this.followed.get(localId)?.stop();
    this.followed.delete(localId);
    this.changedAt.delete(localId);
    this.activityAt.delete(localId);
    this.seenAt.delete(localId);
    this.viewed.delete(localId);
  }

  /**
   * Whether a window shows the room now. Opening it and leaving it both mark everything in it
   * seen; while it is shown, each change is seen as it arrives.
   */
  setViewed(localId: string, viewed: boolean): void {
    const listing = this.get(localId);
    if (!listing) return;
    if (viewed) this.viewed.add(localId);
    else this.viewed.delete(localId);
    if (listing.seenAt >= listing.lastActivityAt) return;
    this.seenAt.set(localId, listing.lastActivityAt);
    this.scheduleWrite();
    this.notifySoon();
  }

  /** Every room, most recent change from anyone first (newest wins over the catalog's copy). */
  list(): RoomListing[] {
    return this.options.catalog
      .listings()
      .map((listing) => this.withLiveState(listing))
      .sort(
        (a, b) =>
          b.lastActivityAt - a.lastActivityAt || a.record.localId.localeCompare(b.record.localId),
      );
  }

  get(localId: string): RoomListing | null {
    const listing = this.options.catalog.listing(localId);
    return listing ? this.withLiveState(listing) : null;
  }

  /** Writes everything unwritten now. */
  flush(): void {
    this.write([
      ...new Set([
        ...this.followed.keys(),
        ...this.changedAt.keys(),
        ...this.activityAt.keys(),
        ...this.seenAt.keys(),
      ]),
    ]);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    for (const localId of [...this.followed.keys()]) this.unfollow(localId);
    this.flush();
  }

  private withLiveState(listing: StoredListing): RoomListing {
    const localId = listing.record.localId;
    const room = this.followed.get(localId);
    const changedAt = this.changedAt.get(localId);
    const meta = room?.meta;
    const updatedAt = Math.max(listing.updatedAt, changedAt ?? 0);
    const lastActivityAt = Math.max(
      listing.lastActivityAt,
      updatedAt,
      this.activityAt.get(localId) ?? 0,
    );
    const seenAt = Math.max(listing.seenAt, this.seenAt.get(localId) ?? 0);
    return {
      record: meta?.title ? { ...listing.record, title: meta.title } : listing.record,
      updatedAt,
      lastActivityAt,
      seenAt,
      unread: !this.viewed.has(localId) && lastActivityAt > seenAt,
      severity: meta ? meta.severity : listing.severity,
      phase: meta ? meta.phase : listing.phase,
      service: meta ? meta.service : listing.service,
    };
  }

  private scheduleWrite(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.options.writeDelayMs ?? DEFAULT_ROOM_LIST_WRITE_DELAY_MS);
    // The list is written on close anyway: a pending write must not keep the process alive.
    this.timer.unref();
  }

  /** Tells windows the list changed, once per burst of changes. */
  private notifySoon(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.options.onChanged();
    }, this.options.notifyDelayMs ?? ROOM_LIST_NOTIFY_DELAY_MS);
    this.notifyTimer.unref();
  }

  private write(localIds: readonly string[]): void {
    const writes: ListingWrite[] = [];
    for (const localId of localIds) {
      const stored = this.options.catalog.listing(localId);
      if (!stored) continue;
      const changedAt = this.changedAt.get(localId);
      const activityAt = this.activityAt.get(localId);
      const seenAt = this.seenAt.get(localId);
      const room = this.followed.get(localId);
      const meta = room?.metaUnwritten && !sameMeta(stored, room.meta) ? room.meta : undefined;
      if (changedAt !== undefined || activityAt !== undefined || seenAt !== undefined || meta)
        writes.push({
          localId,
          ...(changedAt !== undefined ? { changedAt } : {}),
          ...(activityAt !== undefined ? { activityAt } : {}),
          ...(seenAt !== undefined ? { seenAt } : {}),
          ...(meta ? { meta } : {}),
        });
    }
    try {
      if (writes.length > 0) this.options.catalog.writeListings(writes);
    } catch (error) {
      // The list is a copy of what the room files hold; the changes themselves are saved. Keep
      // the unwritten state and try again with the next change.
      console.error(`host: the room list could not be written: ${String(error)}`);
      return;
    }
    for (const localId of localIds) {
      this.changedAt.delete(localId);
      this.activityAt.delete(localId);
      this.seenAt.delete(localId);
      const room = this.followed.get(localId);
      if (room) room.metaUnwritten = false;
    }
    if (writes.length > 0) this.options.onChanged();
  }
}
