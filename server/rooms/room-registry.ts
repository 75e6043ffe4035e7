import type { RelayMetrics } from '../metrics/relay-metrics';
import type { RelayLogger } from '../logging/logger';
import { migrateToFormat2 } from '../../shared/ops/migrate-format';
import { Room, type CompactionPolicy, type RoomOutbound } from './room';
import type { RoomListingWriter } from './room-listing-writer';
import type { OpenedRoom, RoomStorage } from './room-storage';
import type { SequencedUpdate } from '../storage/postgres/postgres-room-store';

export class OverCapacityError extends Error {}

export interface RoomRegistryOptions {
  readonly storage: RoomStorage;
  readonly metrics: RelayMetrics;
  readonly logger: RelayLogger;
  readonly compaction: CompactionPolicy;
  readonly maxLoadedRooms: number;
  readonly unloadGraceMs: number;
  /** Keeps the team room list's rows current as rooms' updates are stored. */
  readonly listing: RoomListingWriter;
  /** Outbound events of rooms' changes (`--outbound`); none: nothing is derived. */
  readonly outbound?: RoomOutbound | undefined;
}

/**
 * Loaded rooms by id. A room is loaded on first use (a connection or an event), and saved and
 * unloaded when it has had no members for the grace period, so memory follows activity.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  /** Rooms being read from storage, so two callers asking at once share one load. */
  private readonly loading = new Map<string, Promise<Room>>();
  /**
   * How to close each loaded room's storage handle (its feed of other relays' updates in shared
   * mode). Only the close: the handle also holds the stored state the room was made from (the
   * snapshot and every logged update), which the document has taken in by then.
   */
  private readonly opened = new Map<Room, OpenedRoom['close']>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  /**
   * Rooms whose grace ran out, unloaded one per event-loop turn: a storm's rooms all fall idle
   * together, and compacting them back to back held every request behind the whole burst.
   */
  private readonly dueUnloads = new Map<string, Room>();
  private drainingUnloads = false;

  constructor(private readonly options: RoomRegistryOptions) {}

  get loadedCount(): number {
    return this.rooms.size;
  }

  isLoaded(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  /**
   * The loaded room, read from storage first (completely) if needed. Callers asking for a room
   * that is loading share its load; a failed load is not kept, so the next caller tries again.
   * A store that reads synchronously (SQLite) loads within this call, as `acquireNow` does.
   */
  acquire(roomId: string): Promise<Room> {
    const pending = this.loading.get(roomId);
    if (pending) return pending;
    if (this.rooms.has(roomId) || this.options.storage.openRoomNow) {
      // A throw inside the executor becomes the rejection.
      return new Promise((resolve) => resolve(this.acquireNow(roomId)));
    }
    this.cancelUnload(roomId);
    const load = new Promise<void>((resolve) => resolve(this.checkCapacity()))
      .then(() => this.load(roomId))
      .finally(() => this.loading.delete(roomId));
    this.loading.set(roomId, load);
    return load;
  }

  /**
   * The loaded room, read from storage in this call if needed: only where the store reads
   * synchronously (the embedded relay), where `acquire` uses it so that a load from SQLite
   * still happens within the call. Shared mode loads only through `acquire`.
   */
  acquireNow(roomId: string): Room {
    this.cancelUnload(roomId);
    const loaded = this.rooms.get(roomId);
    if (loaded) return loaded;
    const { openRoomNow } = this.options.storage;
    if (!openRoomNow) throw new Error('this relay’s storage loads rooms only asynchronously');
    this.checkCapacity();
    const started = performance.now();
    return this.register(roomId, openRoomNow(roomId), started, []);
  }

  private checkCapacity(): void {
    const held = this.rooms.size + this.loading.size;
    if (held >= this.options.maxLoadedRooms) {
      throw new OverCapacityError(`this relay holds ${held} rooms, its limit`);
    }
  }

  private async load(roomId: string): Promise<Room> {
    const started = performance.now();
    let room: Room | null = null;
    // Updates other relays store while the room is being made wait here (shared mode).
    const early: (readonly SequencedUpdate[])[] = [];
    const opened = await this.options.storage.openRoom(roomId, (updates) =>
      room ? room.applyStoredElsewhere(updates) : early.push(updates),
    );
    room = this.register(roomId, opened, started, early);
    return room;
  }

  /** Makes the Room of an opened stored state and holds it as loaded. */
  private register(
    roomId: string,
    opened: OpenedRoom,
    started: number,
    early: readonly (readonly SequencedUpdate[])[],
  ): Room {
    const { storage, metrics, logger, compaction, listing, outbound } = this.options;
    let room: Room;
    try {
      room = Room.fromStored(roomId, opened.state, {
        storage,
        metrics,
        logger,
        compaction,
        onStorageFailure: (failed, error) => this.onStorageFailure(failed, error),
        onStored: (stored) => listing.updateStored(stored, Date.now()),
        outbound,
      });
    } catch (error) {
      opened.close();
      throw error;
    }
    for (const updates of early) room.applyStoredElsewhere(updates);
    this.upgradeFormat(room);
    this.rooms.set(roomId, room);
    this.opened.set(room, opened.close);
    metrics.roomsLoaded.set(this.rooms.size);
    logger.info(
      { event: 'room-load', room: roomId, ms: Math.round(performance.now() - started) },
      'room loaded',
    );
    return room;
  }

  /**
   * Moves a format-1 room to format 2 as it loads (docs/FORMAT.md): stored and fanned out as any
   * write, so every host receives it. Hosts never migrate a relay's room themselves: one that
   * joined read-only could not store it there.
   */
  private upgradeFormat(room: Room): void {
    const moved = migrateToFormat2(room.doc);
    if (moved > 0) {
      this.options.logger.info(
        { event: 'format-migration', room: room.id, entries: moved },
        'room moved to document format 2',
      );
    }
  }

  /** Call after a member left or a one-off use ended: schedules unload when nobody is left. */
  release(room: Room): void {
    if (room.memberCount > 0 || this.rooms.get(room.id) !== room) return;
    this.cancelUnload(room.id);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.id);
      this.dueUnloads.set(room.id, room);
      this.drainUnloads();
    }, this.options.unloadGraceMs);
    this.unloadTimers.set(room.id, timer);
  }

  /** Unloads the first due room, then lets I/O run before the next (setImmediate). */
  private drainUnloads(): void {
    if (this.drainingUnloads) return;
    const [next] = this.dueUnloads.values();
    if (!next) return;
    this.drainingUnloads = true;
    this.dueUnloads.delete(next.id);
    if (next.memberCount === 0 && next.pendingCount > 0) {
      // Its last updates are still on their way to storage (shared mode commits by itself):
      // unload once they are stored, so their fan-out still finds the room.
      next.whenDurable(() => this.release(next));
    } else if (next.memberCount === 0) this.unload(next);
    setImmediate(() => {
      this.drainingUnloads = false;
      this.drainUnloads();
    });
  }

  /** Saves (compacts) and unloads every room; used at shutdown. */
  unloadAll(): void {
    for (const room of [...this.rooms.values()]) this.unload(room);
  }

  private unload(room: Room): void {
    this.cancelUnload(room.id);
    if (this.rooms.get(room.id) !== room) return;
    try {
      room.compact();
    } catch (error) {
      // Nothing is lost: every update is already in the log; the next load replays it.
      this.options.logger.error({ err: error, room: room.id }, 'compaction before unload failed');
    }
    // After the compaction above committed the room's last updates, before the document goes.
    this.options.listing.writeRoom(room);
    this.rooms.delete(room.id);
    this.closeOpened(room);
    room.destroy();
    this.options.metrics.roomsLoaded.set(this.rooms.size);
    this.options.logger.info({ event: 'room-unload', room: room.id }, 'room unloaded');
  }

  private cancelUnload(roomId: string): void {
    const timer = this.unloadTimers.get(roomId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(roomId);
    this.dueUnloads.delete(roomId);
  }

  private onStorageFailure(room: Room, error: unknown): void {
    this.options.logger.error(
      { err: error, room: room.id, event: 'storage-failure' },
      'room could not persist an update; closing it so nobody is told it was saved',
    );
    this.cancelUnload(room.id);
    this.options.listing.forget(room);
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id);
    this.closeOpened(room);
    this.options.metrics.roomsLoaded.set(this.rooms.size);
    room.closeMembers('StorageFailure', 'the relay could not save this room');
    // Destroying the document from inside its own update event would confuse Yjs.
    setImmediate(() => room.destroy());
  }

  private closeOpened(room: Room): void {
    this.opened.get(room)?.();
    this.opened.delete(room);
  }
}
