import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONFIRM_QUERY_PARAM } from '../shared/protocol/relay-protocol';
import { CloseCode } from '../shared/protocol/close-codes';
import { authorizeRoom } from './auth/authorize-room';
import type { RelayConfig } from './config';
import { createHttpHandler } from './http/http-routes';
import { refuseUpgrade } from './http/respond';
import { ConnectionsPerAddress } from './limits/connections-per-address';
import { createRelayLogger, type RelayLogger } from './logging/logger';
import { RelayMetrics } from './metrics/relay-metrics';
import type { RelayContext } from './relay-context';
import { OverCapacityError, RoomRegistry } from './rooms/room-registry';
import { RelayConnection } from './socket/relay-connection';
import { GroupCommit } from './storage/group-commit';
import { RelayStore } from './storage/relay-store';

export interface RunningRelay {
  /** `http://host:port`, with the real port when 0 was asked. */
  readonly url: string;
  readonly port: number;
  readonly metrics: RelayMetrics;
  /** Closes every socket with ShuttingDown, saves and unloads every room, closes the database. */
  close(): Promise<void>;
}

const ROOM_PATH = /^\/rooms\/([^/]+)$/;
/** The websocket layer's own hard cap; frames between the limit and this get the named 4413. */
const HARD_PAYLOAD_FACTOR = 2;

export async function startRelay(
  config: RelayConfig,
  logger: RelayLogger = createRelayLogger(config.logLevel),
): Promise<RunningRelay> {
  const store = RelayStore.open(config.dataDir);
  const metrics = new RelayMetrics();
  const commit = new GroupCommit(store, metrics);
  const registry = new RoomRegistry({
    store,
    commit,
    metrics,
    logger,
    compaction: config,
    maxLoadedRooms: config.maxLoadedRooms,
    unloadGraceMs: config.roomUnloadGraceMs,
  });
  const connections = new Set<RelayConnection>();
  const perAddress = new ConnectionsPerAddress(config.maxConnectionsPerAddress);
  const context: RelayContext = {
    config,
    store,
    registry,
    metrics,
    logger,
    startedAt: Date.now(),
    openConnections: () => connections.size,
  };

  const server: Server = createServer(
    {
      // Sockets that never finish their request headers are the cheapest attack: cut them off.
      headersTimeout: config.handshakeTimeoutMs,
      requestTimeout: Math.max(config.handshakeTimeoutMs, 30_000),
      connectionsCheckingInterval: Math.min(1_000, config.handshakeTimeoutMs),
    },
    createHttpHandler(context),
  );
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxMessageBytes * HARD_PAYLOAD_FACTOR,
    perMessageDeflate: false,
  });
  let shuttingDown = false;

  // Node's headersTimeout only starts with the first byte of a request; a socket that never
  // sends one would otherwise stay open forever.
  server.on('connection', (socket) => {
    const timer = setTimeout(() => socket.destroy(), config.handshakeTimeoutMs);
    timer.unref();
    const spoke = (): void => clearTimeout(timer);
    socket.once('data', spoke);
    socket.once('close', spoke);
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const address = clientAddress(request, config.trustProxy);
    const url = new URL(request.url ?? '/', 'http://relay.invalid');
    let roomId: string | undefined;
    const refuse = (status: number, reason: string, message: string): void => {
      logger.info(
        { event: 'connection-refused', status, reason, address, room: roomId },
        'upgrade refused',
      );
      refuseUpgrade(socket, status, message);
    };
    if (shuttingDown) return refuse(503, 'shutting-down', 'the relay is shutting down');
    const match = ROOM_PATH.exec(url.pathname);
    if (!match) return refuse(404, 'not-a-room-path', 'websockets live at /rooms/<roomId>');
    try {
      roomId = decodeURIComponent(match[1] ?? '');
    } catch {
      return refuse(400, 'bad-room-id', 'not a valid room id');
    }
    const authorization = authorizeRoom(store, roomId, request, url);
    if (!authorization.ok) {
      if (authorization.status === 401 || authorization.status === 403) {
        metrics.authRefusals.inc({ reason: authorization.reason });
      }
      return refuse(authorization.status, authorization.reason, authorization.message);
    }
    const wantsConfirm = url.searchParams.get(CONFIRM_QUERY_PARAM) === '1';
    wss.handleUpgrade(request, socket, head, (ws) => {
      accept(ws, authorization.roomId, authorization.access, wantsConfirm, address);
    });
  });

  function accept(
    ws: WebSocket,
    roomId: string,
    access: 'read' | 'write',
    wantsConfirm: boolean,
    address: string,
  ): void {
    const closeAtOnce = (name: 'OverCapacity' | 'StorageFailure', reason: string): void => {
      metrics.closes.inc({ code: String(CloseCode[name]) });
      logger.info(
        { event: 'connection-refused', code: CloseCode[name], reason, room: roomId, address },
        'connection refused after upgrade',
      );
      ws.close(CloseCode[name], reason);
    };
    if (shuttingDown) {
      ws.close(CloseCode.ShuttingDown, 'the relay is shutting down');
      return;
    }
    if (!perAddress.tryAcquire(address)) {
      return closeAtOnce('OverCapacity', 'too many connections from this address');
    }
    let room;
    try {
      room = registry.acquire(roomId);
    } catch (error) {
      perAddress.release(address);
      if (error instanceof OverCapacityError) return closeAtOnce('OverCapacity', error.message);
      logger.error({ err: error, room: roomId }, 'room could not be loaded');
      return closeAtOnce('StorageFailure', 'the room could not be loaded');
    }
    const connection = new RelayConnection({
      socket: ws,
      room,
      access,
      wantsConfirm,
      address,
      limits: config,
      metrics,
      logger,
      onClosed: (closed) => {
        connections.delete(closed);
        perAddress.release(address);
        registry.release(closed.room);
      },
    });
    connections.add(connection);
  }

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.pingOrReportDead()) connection.terminate();
    }
  }, config.heartbeatIntervalMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ event: 'listening', url }, 'relay listening');

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      shuttingDown = true;
      clearInterval(heartbeat);
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections) {
        connection.close('ShuttingDown', 'the relay is shutting down');
      }
      await waitUntil(() => connections.size === 0, 2_000);
      for (const connection of connections) connection.terminate();
      server.closeAllConnections();
      commit.flush();
      registry.unloadAll();
      store.close();
      await serverClosed;
      wss.close();
      logger.info({ event: 'stopped' }, 'relay stopped');
    })();
    return closed;
  };

  return { url, port, metrics, close };
}

function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '');
    // The last hop is the one our own proxy appended; earlier ones are the client's word.
    const last = hops.at(-1);
    if (last) return last;
  }
  return request.socket.remoteAddress ?? 'unknown';
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
