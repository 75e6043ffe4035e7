import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { AlertSources } from './alerts/alert-sources-file';
import type { RelayConfig } from './config';
import { createHttpHandler } from './http/http-routes';
import { createRelayLogger, type RelayLogger } from './logging/logger';
import { RelayMetrics } from './metrics/relay-metrics';
import type { RelayContext } from './relay-context';
import { RoomListingWriter } from './rooms/room-listing-writer';
import { RoomRegistry } from './rooms/room-registry';
import { NO_OUTBOUND, type OutboundConfig } from './outbound/outbound-file';
import { startOutbound, type Outbound } from './outbound/start-outbound';
import { OpenConnections } from './socket/open-connections';
import { createUpgradeHandler } from './socket/upgrade-handler';
import type { StatusPages } from './status-pages/status-pages-file';
import { openRelayStorage, type RelayStorage } from './relay-storage';

export interface RunningRelay {
  /** `http://host:port`, with the real port when 0 was asked. */
  readonly url: string;
  readonly port: number;
  readonly metrics: RelayMetrics;
  /** Closes every socket with ShuttingDown, saves and unloads every room, closes the database. */
  close(): Promise<void>;
}

/** The websocket layer's own hard cap; frames between the limit and this get the named 4413. */
const HARD_PAYLOAD_FACTOR = 2;

/** Everything one relay holds between start and close. */
interface RelayParts {
  readonly context: RelayContext;
  readonly storage: RelayStorage;
  readonly listing: RoomListingWriter;
  readonly outbound: Outbound;
  readonly connections: OpenConnections;
  readonly server: Server;
  readonly wss: WebSocketServer;
}

/**
 * Starts a relay: storage, metrics and the room registry, then the HTTP routes and websocket
 * upgrades on one server, then listening. The steps below are in the order they run.
 */
export async function startRelay(
  config: RelayConfig,
  logger: RelayLogger = createRelayLogger(config.logLevel),
  /** The checked `--alert-sources` file (main.ts loads it); none: every hook is 404. */
  alertSources: AlertSources = { sources: new Map(), rules: [] },
  /** The checked `--status-pages` file (main.ts loads it); none: every `/status/...` is 404. */
  statusPages: StatusPages = { pages: new Map() },
  /** The checked `--outbound` file (main.ts loads it); none: nothing is sent. */
  outboundConfig: OutboundConfig = NO_OUTBOUND,
): Promise<RunningRelay> {
  const metrics = new RelayMetrics();
  const storage = await openRelayStorage(config, metrics, logger);
  // The status pages file was read just now: pages show it from here (Last-Modified).
  const startedAt = Date.now();
  await declareStatusPages(storage, statusPages, startedAt);
  const listing = new RoomListingWriter(storage.listingSinks, logger);
  const outbound = startOutbound(outboundConfig, storage.outbound, metrics, logger);
  const registry = buildRoomRegistry(config, storage, metrics, logger, listing, outbound);
  outbound.attach(registry);
  const connections = new OpenConnections({ config, registry, metrics, logger });
  const context: RelayContext = {
    config,
    rooms: storage.rooms,
    sharedHealth: storage.sharedHealth,
    registry,
    metrics,
    logger,
    startedAt,
    openConnections: () => connections.size,
    alerts: { sources: alertSources, store: storage.alertStore },
    outbox: storage.outbound.outbox,
    statusPages,
    statusPageRows: storage.statusPages,
  };
  storage.startReporting(() => ({
    connections: connections.size,
    roomsLoaded: registry.loadedCount,
  }));
  const server = createRelayServer(context);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxMessageBytes * HARD_PAYLOAD_FACTOR,
    perMessageDeflate: false,
  });
  server.on('upgrade', createUpgradeHandler({ context, wss, connections }));
  connections.startHeartbeat();

  const parts: RelayParts = { context, storage, listing, outbound, connections, server, wss };
  const { url, port } = await listen(server, config);
  logger.info(
    { event: 'listening', url, protocolVersion: config.protocolVersion },
    'relay listening',
  );
  let closed: Promise<void> | null = null;
  return { url, port, metrics, close: () => (closed ??= shutDown(parts)) };
}

/** Records the pages' declarations; a failure (PostgreSQL away) closes the storage and stops. */
async function declareStatusPages(
  storage: RelayStorage,
  statusPages: StatusPages,
  startedAt: number,
): Promise<void> {
  try {
    await storage.statusPages.declarePages([...statusPages.pages.values()], startedAt);
  } catch (error) {
    await storage.close().catch(() => undefined);
    throw error;
  }
}

function buildRoomRegistry(
  config: RelayConfig,
  storage: RelayStorage,
  metrics: RelayMetrics,
  logger: RelayLogger,
  listing: RoomListingWriter,
  outbound: Outbound,
): RoomRegistry {
  return new RoomRegistry({
    storage: storage.storage,
    metrics,
    logger,
    listing,
    outbound: outbound.rooms,
    compaction: config,
    maxLoadedRooms: config.maxLoadedRooms,
    unloadGraceMs: config.roomUnloadGraceMs,
  });
}

/** The HTTP server with the relay's routes, and cut-offs for sockets that never make a request. */
function createRelayServer(context: RelayContext): Server {
  const { handshakeTimeoutMs } = context.config;
  const server = createServer(
    {
      // Sockets that never finish their request headers are the cheapest attack: cut them off.
      headersTimeout: handshakeTimeoutMs,
      requestTimeout: Math.max(handshakeTimeoutMs, 30_000),
      connectionsCheckingInterval: Math.min(1_000, handshakeTimeoutMs),
    },
    createHttpHandler(context),
  );
  // Node's headersTimeout only starts with the first byte of a request; a socket that never
  // sends one would otherwise stay open forever.
  server.on('connection', (socket) => {
    const timer = setTimeout(() => socket.destroy(), handshakeTimeoutMs);
    timer.unref();
    // Both listeners go at the first of the two, so an open connection keeps neither the timer
    // nor this closure.
    const spoke = (): void => {
      clearTimeout(timer);
      socket.off('data', spoke);
      socket.off('close', spoke);
    };
    socket.on('data', spoke);
    socket.on('close', spoke);
  });
  return server;
}

async function listen(server: Server, config: RelayConfig): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}`, port };
}

/** Closes the sockets first, so no update arrives after the last flush, then stores and closes. */
async function shutDown(parts: RelayParts): Promise<void> {
  const { context, storage, listing, outbound, connections, server, wss } = parts;
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  // First: a try still in flight is abandoned (its row stays pending and is sent again, with
  // the same idempotency key, after the restart), and no receipt loads a room from now on.
  await outbound.close();
  await connections.drain();
  server.closeAllConnections();
  await storage.storage.drain();
  context.registry.unloadAll();
  listing.close();
  await storage.close();
  await serverClosed;
  wss.close();
  context.logger.info({ event: 'stopped' }, 'relay stopped');
}
