import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken } from '../auth/presented-key';
import { isTeamKey } from '../auth/room-keys';
import { sendError, sendJson } from '../http/respond';
import type { RelayContext } from '../relay-context';
import { DELIVERY_STATES, type Delivery, type DeliveryState } from '../storage/outbox-store';

export const DELIVERY_LIST_DEFAULT_LIMIT = 100;
export const DELIVERY_LIST_MAX_LIMIT = 1000;

/** One row of `GET /outbound/deliveries` (docs/OUTBOUND.md). */
export interface DeliveryListItem {
  readonly eventId: string;
  readonly eventType: string;
  readonly roomId: string;
  readonly target: string;
  readonly kind: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  /** ms since the epoch */
  readonly createdAt: number;
  readonly nextAttemptAt: number | null;
  readonly deliveredAt: number | null;
}

/**
 * `GET /outbound/deliveries?state=failed|pending|delivered[&limit=N]` with the team key: the
 * outbox rows in that state, newest first, with their receipts, so an operator sees what did
 * not arrive and why. The events' content is not listed (it is in the rooms).
 */
export function deliveriesRoute(
  context: RelayContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const { config, store, metrics } = context;
  if (config.teamKeyVerifier === null) {
    return sendError(
      response,
      404,
      'this relay has no team key, so no delivery list (start it with --team-key)',
    );
  }
  const key = bearerToken(request);
  if (key === null) {
    metrics.authRefusals.inc({ reason: 'team-key-missing' });
    return sendError(response, 401, 'present the team key as Authorization: Bearer <team key>');
  }
  if (!isTeamKey(key, config.teamKeyVerifier)) {
    metrics.authRefusals.inc({ reason: 'team-key-rejected' });
    return sendError(response, 401, 'this is not the team key of this relay');
  }
  const url = new URL(request.url ?? '/', 'http://relay.invalid');
  const state = url.searchParams.get('state') ?? 'failed';
  if (!(DELIVERY_STATES as readonly string[]).includes(state)) {
    return sendError(response, 400, `state must be one of ${DELIVERY_STATES.join(', ')}`);
  }
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? DELIVERY_LIST_DEFAULT_LIMIT : Number(limitText);
  if (!/^\d{1,5}$/.test(limitText ?? '1') || limit < 1 || limit > DELIVERY_LIST_MAX_LIMIT) {
    return sendError(
      response,
      400,
      `limit must be a whole number from 1 to ${DELIVERY_LIST_MAX_LIMIT}`,
    );
  }
  const deliveries = store.outbox.list(state as DeliveryState, limit).map(listItem);
  sendJson(response, 200, { deliveries });
}

function listItem(row: Delivery): DeliveryListItem {
  return {
    eventId: row.eventId,
    eventType: row.eventType,
    roomId: row.roomId,
    target: row.targetId,
    kind: row.targetKind,
    state: row.state,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    createdAt: row.createdAt,
    nextAttemptAt: row.state === 'pending' ? row.nextAttemptAt : null,
    deliveredAt: row.deliveredAt,
  };
}
