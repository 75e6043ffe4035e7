import type { RelayStore } from '../storage/relay-store';
import type { GroupCommit } from '../storage/group-commit';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { RelayLogger } from '../logging/logger';
import { Room, type CompactionPolicy, type RoomOutbound } from './room';
import type { RoomListingWriter } from './room-listing-writer';

export class OverCapacityError extends Error {}

export interface RoomRegistryOptions {
  readonly store: RelayStore;
  readonly commit: GroupCommit;
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

  /** The loaded room, loading it from storage first (synchronously, completely) if needed. */
  acquire(roomId: string): Room {
    this.cancelUnload(roomId);
    const loaded = this.rooms.get(roomId);
    if (loaded) return loaded;
    if (this.rooms.size >= this.options.maxLoadedRooms) {
      throw new OverCapacityError(`this relay holds ${this.rooms.size} rooms, its limit`);
    }
    const { store, commit, metrics, logger, compaction, listing, outbound } = this.options;
    const started = performance.now();
    const room = Room.load(roomId, {
      store,
      commit,
      metrics,
      logger,
      compaction,
      onStorageFailure: (failed, error) => this.onStorageFailure(failed, error),
      onStored: (stored) => listing.updateStored(stored, Date.now()),
      outbound,
    });
    this.rooms.set(roomId, room);
    metrics.roomsLoaded.set(this.rooms.size);
    logger.info(
      { event: 'room-load', room: roomId, ms: Math.round(performance.now() - started) },
      'room loaded',
    );
    return room;
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
    if (next.memberCount === 0) this.unload(next);
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
    this.options.metrics.roomsLoaded.set(this.rooms.size);
    room.closeMembers('StorageFailure', 'the relay could not save this room');
    // Destroying the document from inside its own update event would confuse Yjs.
    setImmediate(() => room.destroy());
  }
}
