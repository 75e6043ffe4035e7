import type { IncomingMessage, ServerResponse } from 'node:http';
import { RELAY_TIME_HEADER } from '../../shared/protocol/relay-protocol';
import {
  RELAY_HEALTH_PATH,
  RELAY_METRICS_PATH,
  RELAY_OUTBOUND_DELIVERIES_PATH,
  RELAY_ROOMS_PATH,
  RELAY_STATUS_INDEX_PATH,
  type RelayHealth,
} from '../../shared/protocol/relay-http';
import type { RelayContext } from '../relay-context';
import { StoreUnavailableError } from '../rooms/room-directory';
import { RELAY_VERSION } from '../version';
import { sendError, sendJson, relayTimeHeaders } from './respond';

const EVENTS_PATH = /^\/rooms\/([^/]+)\/events$/;
const HOOK_PATH = /^\/hooks\/([^/]+)$/;
const UNROUTED_PATH = /^\/hooks\/([^/]+)\/unrouted$/;
/** `/status/<page>`, `.json` or `.atom` (status-page-route.ts). */
const STATUS_PATH = /^\/status\/([^/]+?)(?:\.(json|atom))?$/;

/**
 * Imports a module on first use and keeps the promise: even a cached `import()` asks the module
 * loader (under tsx, a round trip to its hooks thread) on every call, which showed in the events
 * API's profile once per request.
 */
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = null; // try again next time rather than fail every request from now on
      throw error;
    }));
}
const loadCreateRoomRoute = loadOnce(() => import('./create-room-route'));
const loadEventsRoute = loadOnce(() => import('../events/events-route'));
const loadTeamRoomsRoute = loadOnce(() => import('./team-rooms-route'));
const loadHookRoute = loadOnce(() => import('../alerts/hook-route'));
const loadStatusPageRoute = loadOnce(() => import('../status-pages/status-page-route'));
const loadDeliveriesRoute = loadOnce(() => import('../outbound/deliveries-route'));

/**
 * The relay's whole HTTP surface; anything else is 404 (or 405 for a known path).
 * The room routes (zod, the shared operations) load on first use: a relay starts faster, and
 * tests and restarts start many.
 */
export function createHttpHandler(context: RelayContext) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    route(context, request, response).catch((error: unknown) => {
      if (error instanceof StoreUnavailableError && !response.headersSent) {
        context.logger.warn({ err: error.cause }, error.message);
        return sendError(response, 503, error.message);
      }
      context.logger.error(
        { err: error, path: new URL(request.url ?? '/', 'http://relay.invalid').pathname },
        'http handler failed',
      );
      if (!response.headersSent) sendError(response, 500, 'internal error');
      else response.destroy();
    });
  };
}

async function route(
  context: RelayContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://relay.invalid');
  const method = request.method ?? 'GET';

  if (pathname === RELAY_HEALTH_PATH) {
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(response, 'GET');
    // Shared mode: without PostgreSQL this relay refuses writes, so it reports itself unwell
    // (503) and a load balancer sends clients elsewhere; without Redis it still stores them.
    const shared = context.sharedHealth ? await context.sharedHealth() : null;
    const health: RelayHealth = {
      ok: shared === null || shared.postgres,
      version: RELAY_VERSION,
      protocolVersion: context.config.protocolVersion,
      roomsLoaded: context.registry.loadedCount,
      connections: context.openConnections(),
      uptimeSeconds: Math.round((Date.now() - context.startedAt) / 1000),
      time: Date.now(),
      relays: [...context.config.advertiseUrls],
      ...(shared ? { shared: { ...shared } } : {}),
    };
    // Hosts in a browser (web mode) read the clock header too.
    sendJson(response, health.ok ? 200 : 503, health, {
      'access-control-allow-origin': '*',
      'access-control-expose-headers': RELAY_TIME_HEADER,
    });
    return;
  }
  if (pathname === RELAY_METRICS_PATH) {
    if (method !== 'GET') return methodNotAllowed(response, 'GET');
    const body = await context.metrics.registry.metrics();
    response.writeHead(200, {
      'content-type': context.metrics.registry.contentType,
      'cache-control': 'no-store',
      ...relayTimeHeaders(),
    });
    response.end(body);
    return;
  }
  if (pathname === RELAY_ROOMS_PATH) {
    if (method === 'GET') {
      const { teamRoomsRoute } = await loadTeamRoomsRoute();
      return teamRoomsRoute(context, request, response);
    }
    if (method !== 'POST') return methodNotAllowed(response, 'GET, POST');
    const { createRoomRoute } = await loadCreateRoomRoute();
    return createRoomRoute(context, request, response);
  }
  const events = EVENTS_PATH.exec(pathname);
  if (events) {
    if (method !== 'POST') return methodNotAllowed(response, 'POST');
    const { eventsRoute } = await loadEventsRoute();
    return eventsRoute(context, safeDecode(events[1] ?? ''), request, response);
  }
  const hook = HOOK_PATH.exec(pathname);
  if (hook) {
    if (method !== 'POST') return methodNotAllowed(response, 'POST');
    const { hookRoute } = await loadHookRoute();
    return hookRoute(context, safeDecode(hook[1] ?? ''), request, response);
  }
  const unrouted = UNROUTED_PATH.exec(pathname);
  if (unrouted) {
    if (method !== 'GET') return methodNotAllowed(response, 'GET');
    const { unroutedRoute } = await loadHookRoute();
    return unroutedRoute(context, safeDecode(unrouted[1] ?? ''), request, response);
  }
  if (pathname === RELAY_STATUS_INDEX_PATH) {
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(response, 'GET');
    const { statusPageIndexRoute } = await loadStatusPageRoute();
    return statusPageIndexRoute(context, response);
  }
  const status = STATUS_PATH.exec(pathname);
  if (status) {
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(response, 'GET');
    const { statusPageRoute } = await loadStatusPageRoute();
    const format = status[2] === 'json' || status[2] === 'atom' ? status[2] : 'html';
    return statusPageRoute(context, safeDecode(status[1] ?? ''), format, request, response);
  }
  if (pathname === RELAY_OUTBOUND_DELIVERIES_PATH) {
    if (method !== 'GET') return methodNotAllowed(response, 'GET');
    const { deliveriesRoute } = await loadDeliveriesRoute();
    return deliveriesRoute(context, request, response);
  }
  sendError(response, 404, 'not found');
}

function methodNotAllowed(response: ServerResponse, allow: string): void {
  response.setHeader('allow', allow);
  sendError(response, 405, `use ${allow}`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
