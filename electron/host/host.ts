import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatInvite, normalizeRelayUrl, parseInvite } from '../../shared/invite/invite-link';
import { InvalidInviteError, RoomNotFoundError } from './rooms/room-errors';
import { readRoomPreview, type RoomPreview } from '../../shared/read';
import { keptFirstScreenOf } from './rooms/first-screen';
import { RoomList, type RoomListing } from './rooms/room-list';
import { RoomSession } from './rooms/room-session';
import { CatalogStore, type RelayLink, type RoomRecord } from './store/catalog-store';
import { moveAside } from './store/open-database';
import { type CompactionLimits, DEFAULT_COMPACTION, RoomStore } from './store/room-store';
import { LocalStoreError } from './store/store-errors';
import { moveRoomFileToLeft, unlistedRoomRecords, writeRoomRecord } from './store/room-files';
import type { BackoffPolicy } from './sync/backoff';
import { watchNetwork } from './sync/network-watch';
import { createChosenRoomOnRelay } from './sync/create-chosen-room';
import { createRelayRoom } from './sync/relay-http';

export interface HostOptions {
  /** The user's data folder: `host.sqlite` (the room list) and `rooms/<localId>.sqlite`. */
  dataDir: string;
  compaction?: CompactionLimits;
  backoff?: BackoffPolicy;
  /** Measure the clock offset to relays (default true). */
  measureClock?: boolean;
  /**
   * Poll the machine's network addresses this often and retry relays at once when they change
   * (default 3000 ms; false to leave it to the caller's `networkChanged()`).
   */
  watchNetworkMs?: number | false;
  /** This machine's wall clock (default `Date.now`); tests play a skewed laptop with it. */
  wallClock?: () => number;
  /** How long the room list may keep a change time in memory before writing it (default 2 s). */
  roomListWriteDelayMs?: number;
  /** How long after a change a room's first screen is rewritten (default 3 s, first-screen.ts). */
  firstScreenDelayMs?: number;
}

export interface CreateRoomInput {
  title: string;
  /** Create the room on this relay; omit for a local-only room. */
  relayUrl?: string;
  /** The relay's room-creation token, when it requires one. */
  creationToken?: string;
  /**
   * The relay room's id and keys, chosen on this machine while the relay may be away: recorded
   * as they are, with no request now; the room's first session creates the room on the relay.
   */
  chosen?: { roomId: string; writeKey: string; readKey: string };
}

export type InviteAccess = 'write' | 'read';

const LOCAL_ID_PATTERN = /^[a-z0-9]{8,40}$/;

function newLocalId(): string {
  return randomBytes(10).toString('hex');
}

/**
 * The local peer: the rooms on this machine and the open sessions. See README.md.
 *
 * All methods that touch SQLite are synchronous; the ones that talk to a relay are async.
 */
export class Host {
  private readonly catalog: CatalogStore;
  private readonly roomList: RoomList;
  private readonly roomListListeners = new Set<() => void>();
  private readonly sessions = new Map<string, RoomSession>();
  private closed = false;
  private readonly stopWatchingNetwork: () => void;
  /** Room files found damaged while rebuilding the room list (each kept aside, see the error). */
  readonly damagedRoomFiles: LocalStoreError[] = [];

  private constructor(
    private readonly options: HostOptions,
    catalog: CatalogStore,
    /** Set when the room list was damaged and rebuilt from the room files. */
    readonly recoveredCatalog: LocalStoreError | null,
  ) {
    this.catalog = catalog;
    this.roomList = new RoomList({
      catalog,
      now: () => this.now(),
      ...(options.roomListWriteDelayMs !== undefined
        ? { writeDelayMs: options.roomListWriteDelayMs }
        : {}),
      onChanged: () => {
        for (const listener of this.roomListListeners) listener();
      },
    });
    this.stopWatchingNetwork =
      options.watchNetworkMs === false
        ? () => undefined
        : watchNetwork(() => this.networkChanged(), { intervalMs: options.watchNetworkMs ?? 3000 });
  }

  /**
   * Opens the data folder. A damaged room list is moved aside and rebuilt from the room files
   * (each keeps a copy of its own settings); `recoveredCatalog` then says what happened.
   */
  static open(options: HostOptions): Host {
    mkdirSync(join(options.dataDir, 'rooms'), { recursive: true });
    const catalogPath = join(options.dataDir, 'host.sqlite');
    let catalog: CatalogStore;
    let recovered: LocalStoreError | null = null;
    try {
      catalog = new CatalogStore(catalogPath);
    } catch (error) {
      if (!(error instanceof LocalStoreError) || error.kind !== 'corrupt') throw error;
      catalog = new CatalogStore(catalogPath);
      recovered = error;
    }
    const host = new Host(options, catalog, recovered);
    // Also adopts a room file whose catalog row was never written (a crash inside createRoom).
    host.adoptUnlistedRoomFiles();
    return host;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  listRooms(): RoomRecord[] {
    return this.catalog.list();
  }

  /** The rooms as the room list shows them, most recently changed on this machine first. */
  roomListings(): RoomListing[] {
    return this.roomList.list();
  }

  roomListing(localId: string): RoomListing | null {
    return this.roomList.get(localId);
  }

  /** Whether a window shows the room now: what it shows is seen (see RoomList.setViewed). */
  setRoomViewed(localId: string, viewed: boolean): void {
    this.roomList.setViewed(localId, viewed);
  }

  /** Called when what the room list shows changed (a change time, a title, severity, phase or service). */
  onRoomListChanged(listener: () => void): () => void {
    this.roomListListeners.add(listener);
    return () => this.roomListListeners.delete(listener);
  }

  getRoom(localId: string): RoomRecord {
    const record = this.catalog.get(localId);
    if (record === null) throw new RoomNotFoundError(localId);
    return record;
  }

  /** The room this machine has for `roomId` on that relay (any URL form of it), or null. */
  findRoomOnRelay(relayUrl: string, roomId: string): RoomRecord | null {
    const url = normalizeRelayUrl(relayUrl);
    return url === null ? null : this.catalog.findByRelay(url, roomId);
  }

  /** Creates a room: local-only without `relayUrl` (works fully alone), else on that relay. */
  async createRoom(input: CreateRoomInput): Promise<RoomRecord> {
    let relay: RelayLink | null = null;
    if (input.relayUrl !== undefined && input.chosen) {
      const { roomId, writeKey, readKey } = input.chosen;
      relay = {
        url: this.requireRelayUrl(input.relayUrl),
        roomId,
        key: writeKey,
        writeKey,
        readKey,
      };
    } else if (input.relayUrl !== undefined) {
      const url = this.requireRelayUrl(input.relayUrl);
      const created = await createRelayRoom(
        url,
        input.creationToken ? { creationToken: input.creationToken } : {},
      );
      relay = {
        url,
        roomId: created.id,
        key: created.writeKey,
        writeKey: created.writeKey,
        readKey: created.readKey,
      };
    }
    const record: RoomRecord = {
      localId: newLocalId(),
      title: input.title,
      relay,
      createdAt: this.now(),
    };
    this.writeNewRoom(record);
    return record;
  }

  /**
   * Joins a room from an invite link or pasted text containing one. Joining a room this host
   * already has returns that room (with the newer key).
   */
  joinRoom(inviteText: string, title?: string): RoomRecord {
    const parsed = parseInvite(inviteText);
    if (!parsed.ok) throw new InvalidInviteError(parsed.message);
    const { relayUrl, roomId, key } = parsed.invite;
    const existing = this.catalog.findByRelay(relayUrl, roomId);
    if (existing) {
      if (existing.relay && existing.relay.key !== key) {
        // A fresh invite after a refused key: an open session reconnects with the new key.
        const updated = { ...existing, relay: { ...existing.relay, key } };
        this.catalog.put(updated);
        const session = this.sessions.get(existing.localId);
        if (session && !session.isClosed && updated.relay) session.attachRelay(updated.relay);
        return updated;
      }
      return existing;
    }
    const record: RoomRecord = {
      localId: newLocalId(),
      title: title ?? roomId,
      relay: { url: relayUrl, roomId, key, writeKey: null, readKey: null },
      createdAt: this.now(),
    };
    this.writeNewRoom(record);
    return record;
  }

  /** Puts a local-only room on a relay; an open session starts syncing at once. */
  async publishRoom(
    localId: string,
    relayUrl: string,
    creationToken?: string,
  ): Promise<RoomRecord> {
    const record = this.getRoom(localId);
    if (record.relay !== null)
      throw new Error(`Room ${localId} is already on ${record.relay.url}.`);
    const url = this.requireRelayUrl(relayUrl);
    const created = await createRelayRoom(url, creationToken ? { creationToken } : {});
    const relay: RelayLink = {
      url,
      roomId: created.id,
      key: created.writeKey,
      writeKey: created.writeKey,
      readKey: created.readKey,
    };
    const updated: RoomRecord = { ...record, relay };
    this.catalog.put(updated);
    const session = this.sessions.get(localId);
    if (session && !session.isClosed) {
      session.attachRelay(relay);
    } else {
      writeRoomRecord(this.roomPath(localId), updated, this.options.compaction);
    }
    return updated;
  }

  /**
   * Removes the room from this machine's list. Its file is moved to `left/`, not deleted: a room
   * left by mistake at 3 AM can be brought back by hand.
   */
  leaveRoom(localId: string): void {
    this.getRoom(localId);
    this.sessions.get(localId)?.close();
    moveRoomFileToLeft(this.options.dataDir, this.roomPath(localId), localId);
    this.catalog.remove(localId);
    this.roomList.forget(localId);
  }

  /**
   * What a window paints first for the room: read live from a loaded room, else the first screen
   * kept in its file while that still matches the file's content (rooms/first-screen.ts); null
   * when there is none. Never loads the room's document.
   */
  firstScreen(localId: string): RoomPreview | null {
    this.getRoom(localId);
    const open = this.sessions.get(localId);
    if (open && !open.isClosed) return readRoomPreview(open.doc);
    return keptFirstScreenOf(this.roomPath(localId));
  }

  /**
   * Opens a room (or returns the session already open). Throws `LocalStoreError` of kind
   * `corrupt` when the room's file is damaged: the file has then been moved aside, and opening
   * again starts from an empty file that fills from the relay.
   */
  openRoom(localId: string): RoomSession {
    if (this.closed) throw new Error('The host is closed.');
    const open = this.sessions.get(localId);
    if (open && !open.isClosed) return open;
    const record = this.getRoom(localId);
    const store = new RoomStore(
      this.roomPath(localId),
      this.options.compaction ?? DEFAULT_COMPACTION,
    );
    try {
      const session = new RoomSession({
        record,
        store,
        ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
        ...(this.options.measureClock !== undefined
          ? { measureClock: this.options.measureClock }
          : {}),
        ...(this.options.wallClock ? { wallClock: this.options.wallClock } : {}),
        ...(this.options.firstScreenDelayMs !== undefined
          ? { firstScreenDelayMs: this.options.firstScreenDelayMs }
          : {}),
        createOnRelay: (link) => createChosenRoomOnRelay(this.dataDir, link),
        knownRelays: this.catalog,
        onClose: () => {
          if (this.sessions.get(localId) !== session) return;
          this.sessions.delete(localId);
          this.roomList.unfollow(localId);
        },
      });
      this.sessions.set(localId, session);
      this.roomList.follow(session);
      return session;
    } catch (error) {
      store.close();
      if (error instanceof LocalStoreError) throw error;
      // SQLite read the file but Yjs could not read what it holds: as damaged as a bad page.
      const path = this.roomPath(localId);
      const movedAsideTo = moveAside(path, new Date());
      throw new LocalStoreError(
        'corrupt',
        path,
        movedAsideTo,
        `The local copy at ${path} holds changes that cannot be read. It was kept as ${movedAsideTo}; the room can be rebuilt from its relay.`,
        { cause: error },
      );
    }
  }

  /** The invite link for a room this host created (write or read-only access). */
  inviteLink(localId: string, access: InviteAccess = 'write'): string {
    const record = this.getRoom(localId);
    if (record.relay === null)
      throw new Error(`Room ${localId} is local-only: publish it to a relay first.`);
    const key =
      access === 'write' ? (record.relay.writeKey ?? record.relay.key) : record.relay.readKey;
    if (key === null)
      throw new Error(`This machine does not know the read-only key of room ${localId}.`);
    return formatInvite({ relayUrl: record.relay.url, roomId: record.relay.roomId, key });
  }

  /** Tell every open room the network may be back: they retry now instead of after backoff. */
  networkChanged(): void {
    // Refused rooms stay refused: a new network does not fix a wrong key.
    for (const session of this.sessions.values()) {
      if (session.status().connection === 'offline') session.reconnectNow();
    }
  }

  openSessions(): RoomSession[] {
    return [...this.sessions.values()];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopWatchingNetwork();
    for (const session of [...this.sessions.values()]) session.close();
    this.roomList.close();
    this.roomListListeners.clear();
    this.catalog.close();
  }

  /** This machine's clock: creation and change times in the room list. */
  private now(): number {
    return (this.options.wallClock ?? Date.now)();
  }

  roomPath(localId: string): string {
    if (!LOCAL_ID_PATTERN.test(localId)) throw new RoomNotFoundError(localId);
    return join(this.options.dataDir, 'rooms', `${localId}.sqlite`);
  }

  private requireRelayUrl(relayUrl: string): string {
    const url = normalizeRelayUrl(relayUrl);
    if (url === null)
      throw new Error(`Not a relay address: ${relayUrl} (expected http(s)://host:port).`);
    return url;
  }

  private writeNewRoom(record: RoomRecord): void {
    writeRoomRecord(this.roomPath(record.localId), record, this.options.compaction);
    this.catalog.put(record);
  }

  private adoptUnlistedRoomFiles(): void {
    const roomsDir = join(this.options.dataDir, 'rooms');
    const unlisted = unlistedRoomRecords(roomsDir, (localId) => this.catalog.get(localId) !== null);
    for (const record of unlisted.records) this.catalog.put(record);
    this.damagedRoomFiles.push(...unlisted.damaged);
  }
}
