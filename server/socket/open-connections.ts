import type { WebSocket } from 'ws';
import { CloseCode, type CloseCodeName } from '../../shared/protocol/close-codes';
import type { RoomAccess } from '../auth/room-keys';
import type { RelayConfig } from '../config';
import { ConnectionsPerAddress } from '../limits/connections-per-address';
import type { RelayLogger } from '../logging/logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { Room } from '../rooms/room';
import { OverCapacityError, type RoomRegistry } from '../rooms/room-registry';
import { RelayConnection } from './relay-connection';

/** What the upgrade handler learned about a socket it let through. */
export interface Admission {
  readonly roomId: string;
  readonly access: RoomAccess;
  readonly wantsConfirm: boolean;
  readonly address: string;
}

export interface OpenConnectionsOptions {
  readonly config: RelayConfig;
  readonly registry: RoomRegistry;
  readonly metrics: RelayMetrics;
  readonly logger: RelayLogger;
}

/** How long a shutdown waits for clients to answer the close handshake before dropping them. */
const DRAIN_TIMEOUT_MS = 2_000;

/**
 * Every accepted websocket of the relay: admits a socket to its room (per-address limit, room
 * load), closes at once the ones it must refuse after the upgrade, pings them all, and drains
 * them at shutdown.
 */
export class OpenConnections {
  private readonly connections = new Set<RelayConnection>();
  private readonly perAddress: ConnectionsPerAddress;
  private heartbeat: NodeJS.Timeout | null = null;
  private accepting = true;

  constructor(private readonly options: OpenConnectionsOptions) {
    this.perAddress = new ConnectionsPerAddress(options.config.maxConnectionsPerAddress);
  }

  get size(): number {
    return this.connections.size;
  }

  /** False once the relay started shutting down. */
  get isAccepting(): boolean {
    return this.accepting;
  }

  admit(ws: WebSocket, admission: Admission): void {
    const { roomId, address } = admission;
    const { registry, logger } = this.options;
    if (!this.accepting) {
      ws.close(CloseCode.ShuttingDown, 'the relay is shutting down');
      return;
    }
    if (!this.perAddress.tryAcquire(address)) {
      return this.refuse(ws, 'OverCapacity', 'too many connections from this address', admission);
    }
    // Frames that arrive while the room loads (shared mode reads PostgreSQL) wait in the socket.
    ws.pause();
    registry.acquire(roomId).then(
      (room) => {
        ws.resume();
        if (ws.readyState !== ws.OPEN || !this.accepting) {
          // Gone (or the relay began shutting down) while the room loaded: nothing to join.
          this.perAddress.release(address);
          registry.release(room);
          if (ws.readyState === ws.OPEN)
            ws.close(CloseCode.ShuttingDown, 'the relay is shutting down');
          return;
        }
        this.join(ws, admission, room);
      },
      (error: unknown) => {
        ws.resume();
        this.perAddress.release(address);
        if (error instanceof OverCapacityError) {
          return this.refuse(ws, 'OverCapacity', error.message, admission);
        }
        logger.error({ err: error, room: roomId }, 'room could not be loaded');
        this.refuse(ws, 'StorageFailure', 'the room could not be loaded', admission);
      },
    );
  }

  private join(ws: WebSocket, admission: Admission, room: Room): void {
    const { address } = admission;
    const { registry } = this.options;
    const connection = new RelayConnection({
      socket: ws,
      room,
      access: admission.access,
      wantsConfirm: admission.wantsConfirm,
      address,
      limits: this.options.config,
      metrics: this.options.metrics,
      logger: this.options.logger,
      onClosed: (closed) => {
        this.connections.delete(closed);
        this.perAddress.release(address);
        registry.release(closed.room);
      },
    });
    this.connections.add(connection);
  }

  /**
   * Closes a just-upgraded socket with a named code. Used where the client must be able to read
   * why (a refused HTTP upgrade shows a browser nothing but a failed connection).
   */
  refuse(
    ws: WebSocket,
    name: CloseCodeName,
    reason: string,
    where: { readonly roomId?: string; readonly address: string },
  ): void {
    const code = CloseCode[name];
    this.options.metrics.closes.inc({ code: String(code) });
    this.options.logger.info(
      { event: 'connection-refused', code, reason, room: where.roomId, address: where.address },
      'connection refused after upgrade',
    );
    ws.close(code, reason);
  }

  /** Pings every socket each interval; one that missed the previous ping is dropped. */
  startHeartbeat(): void {
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections) {
        if (!connection.pingOrReportDead()) connection.terminate();
      }
    }, this.options.config.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  /** Stops admitting, closes every socket with ShuttingDown, and drops those that do not answer. */
  async drain(): Promise<void> {
    this.accepting = false;
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const connection of this.connections) {
      connection.close('ShuttingDown', 'the relay is shutting down');
    }
    await waitUntil(() => this.connections.size === 0, DRAIN_TIMEOUT_MS);
    for (const connection of this.connections) connection.terminate();
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
