import { loadSharedRedis, type BufferReplies, type SharedRedisClient } from './shared-redis';

/** One room update as it crossed Redis: its stream entry id and its seq in PostgreSQL. */
export interface FannedOutUpdate {
  /** The Redis stream entry id (`<ms>-<n>`), the cursor a reader resumes from. */
  readonly id: string;
  readonly roomId: string;
  /** The update's sequence number in the room's PostgreSQL log (gapless per room). */
  readonly seq: number;
  /** The relay that stored it (so that relay can skip what it already sent its own clients). */
  readonly origin: string;
  readonly update: Uint8Array;
}

export type FanOutListener = (update: FannedOutUpdate) => void;

export interface RoomFanOutOptions {
  /** This relay's id, written into every entry it publishes. */
  readonly relayId: string;
  /** Entries kept per room stream (approximately: `MAXLEN ~`); default 1000. */
  readonly maxEntriesPerRoom?: number;
  /**
   * A room's stream is deleted this long after its last update (default 10 minutes). Streams
   * only bridge short outages (PostgreSQL has every update), so a quiet room's costs no memory.
   */
  readonly streamIdleMs?: number;
  /** Longest wait of one blocking read; it only bounds how late a new subscription starts. */
  readonly blockMs?: number;
  /** Redis errors (connection lost, a read that failed); the fan-out retries by itself. */
  readonly onError?: (error: unknown) => void;
}

export interface RoomSubscription {
  /** The stream id this subscription started after (entries after it are delivered). */
  readonly startedAfter: string;
  unsubscribe(): void;
}

const READ_COUNT = 500;
const RETRY_MS = { first: 50, max: 1_000 };

/** The Redis key of a room's update stream. */
export function roomStreamKey(roomId: string): string {
  return `incident-room:room-updates:${roomId}`;
}

/**
 * Fan-out of room updates between relays through one Redis stream per room (see docs/RELAY.md,
 * "Running several relays"). A relay publishes an update after PostgreSQL committed it, with its
 * seq; every relay reads the streams of the rooms it has loaded with one blocking XREAD on a
 * connection of its own, and delivers each room's entries in stream order. A stream, unlike
 * pub/sub, keeps entries, so a reader that lost its connection (or Redis restarted) resumes from
 * the last id it saw and misses nothing the stream still holds; what it trimmed or lost, the
 * room's seq gap shows, and PostgreSQL has.
 */
export class RoomFanOut {
  private readonly listeners = new Map<string, { listener: FanOutListener; lastId: string }>();
  private readerId: number | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;
  private readonly loop: Promise<void>;

  private constructor(
    private readonly commands: SharedRedisClient,
    private readonly reader: SharedRedisClient,
    private readonly options: RoomFanOutOptions,
    private readonly bufferReplies: BufferReplies,
  ) {
    this.loop = this.readLoop();
  }

  /** Connects two clients: one for publishing and commands, one for the blocking reads. */
  static async connect(url: string, options: RoomFanOutOptions): Promise<RoomFanOut> {
    const onError = (error: unknown): void => options.onError?.(error);
    const redis = await loadSharedRedis();
    const commands = redis.connectClient(url).on('error', onError);
    const reader = commands.duplicate().on('error', onError);
    try {
      await Promise.all([commands.connect(), reader.connect()]);
    } catch (error) {
      commands.destroy();
      reader.destroy();
      throw error;
    }
    return new RoomFanOut(commands, reader, options, redis.bufferReplies);
  }

  /**
   * Adds the update to its room's stream (trimmed to about `maxEntriesPerRoom`, deleted after
   * `streamIdleMs` without updates); resolves with its entry id.
   */
  async publish(roomId: string, seq: number, update: Uint8Array): Promise<string> {
    const key = roomStreamKey(roomId);
    // Sent together (one round trip); an expiry that failed after the XADD only keeps a stream
    // longer, so they need no transaction.
    const [id] = await Promise.all([
      this.commands.sendCommand<string>([
        'XADD',
        key,
        'MAXLEN',
        '~',
        String(this.options.maxEntriesPerRoom ?? 1_000),
        '*',
        'seq',
        String(seq),
        'origin',
        this.options.relayId,
        'update',
        Buffer.from(update.buffer, update.byteOffset, update.byteLength),
      ]),
      this.commands.sendCommand(['PEXPIRE', key, String(this.options.streamIdleMs ?? 600_000)]),
    ]);
    return String(id);
  }

  /**
   * Delivers the room's entries after `afterId` (default: the stream's newest entry now, so
   * only what is published from here on) to `listener`, in stream order. One listener per room.
   */
  async subscribe(
    roomId: string,
    listener: FanOutListener,
    afterId?: string,
  ): Promise<RoomSubscription> {
    if (this.listeners.has(roomId)) throw new Error(`room ${roomId} already has a listener`);
    const startedAfter = afterId ?? (await this.newestId(roomId));
    const entry = { listener, lastId: startedAfter };
    this.listeners.set(roomId, entry);
    await this.interruptRead();
    return {
      startedAfter,
      unsubscribe: () => {
        if (this.listeners.get(roomId) === entry) this.listeners.delete(roomId);
      },
    };
  }

  /** The last stream id delivered for a room (to resume from after a restart of this relay). */
  lastDeliveredId(roomId: string): string | undefined {
    return this.listeners.get(roomId)?.lastId;
  }

  /** Whether Redis answers now, for health reports; publishing still reports its own failures. */
  async reachable(): Promise<boolean> {
    try {
      await this.commands.sendCommand(['PING']);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.reader.destroy();
    this.commands.destroy();
    await this.loop;
  }

  private async newestId(roomId: string): Promise<string> {
    const newest = await this.commands.sendCommand<[string, unknown][]>([
      'XREVRANGE',
      roomStreamKey(roomId),
      '+',
      '-',
      'COUNT',
      '1',
    ]);
    return newest[0]?.[0] ?? '0-0';
  }

  /** A new subscription joins the next read: end the one in progress (CLIENT UNBLOCK). */
  private async interruptRead(): Promise<void> {
    this.wake?.();
    if (this.readerId === null) return;
    await this.commands
      .sendCommand(['CLIENT', 'UNBLOCK', String(this.readerId)])
      .catch((error: unknown) => this.options.onError?.(error));
  }

  private async readLoop(): Promise<void> {
    let retryMs = RETRY_MS.first;
    while (!this.stopped) {
      if (this.listeners.size === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      try {
        this.readerId ??= Number(await this.reader.sendCommand(['CLIENT', 'ID']));
        await this.readOnce();
        retryMs = RETRY_MS.first;
      } catch (error) {
        if (this.stopped) return;
        // The connection dropped (Redis restarted or went away): the client reconnects by
        // itself; read again from the same ids once it is back. A new connection, a new id.
        this.readerId = null;
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, retryMs));
        retryMs = Math.min(retryMs * 2, RETRY_MS.max);
      }
    }
  }

  private async readOnce(): Promise<void> {
    const rooms = [...this.listeners.keys()];
    const reply = await this.reader.sendCommand<StreamsReply | null>(
      [
        'XREAD',
        'COUNT',
        String(READ_COUNT),
        'BLOCK',
        String(this.options.blockMs ?? 5_000),
        'STREAMS',
        ...rooms.map(roomStreamKey),
        ...rooms.map((roomId) => this.listeners.get(roomId)!.lastId),
      ],
      this.bufferReplies,
    );
    for (const [key, entries] of reply ?? []) {
      const roomId = rooms[rooms.map(roomStreamKey).indexOf(key.toString())];
      if (roomId === undefined) continue;
      for (const [id, fields] of entries) this.deliver(roomId, id.toString(), fields);
    }
  }

  private deliver(roomId: string, id: string, fields: Buffer[]): void {
    const subscription = this.listeners.get(roomId);
    if (!subscription) return;
    subscription.lastId = id;
    const field = (name: string): Buffer | undefined => {
      const index = fields.findIndex((value, i) => i % 2 === 0 && value.toString() === name);
      return index < 0 ? undefined : fields[index + 1];
    };
    const seq = Number(field('seq')?.toString());
    const update = field('update');
    if (!Number.isSafeInteger(seq) || !update) {
      this.options.onError?.(new Error(`room ${roomId}: stream entry ${id} is not an update`));
      return;
    }
    const origin = field('origin')?.toString() ?? '';
    try {
      subscription.listener({ id, roomId, seq, origin, update: new Uint8Array(update) });
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

/** XREAD's RESP2 reply with blob strings as Buffers: [[key, [[id, [field, value, …]], …]], …] */
type StreamsReply = [Buffer, [Buffer, Buffer[]][]][];
