import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  OutboundDeliveryList,
  OutboundDeliveryListing,
} from '../../shared/protocol/relay-http';
import { sendError, sendJson } from '../http/respond';
import { teamKeyPresented } from '../http/team-key-guard';
import type { RelayContext } from '../relay-context';
import { DELIVERY_STATES, type Delivery, type DeliveryState } from '../storage/outbox-store';

export const DELIVERY_LIST_DEFAULT_LIMIT = 100;
export const DELIVERY_LIST_MAX_LIMIT = 1000;

/**
 * `GET /outbound/deliveries?state=failed|pending|delivered[&limit=N]` with the team key: the
 * outbox rows in that state, newest first, with their receipts, so an operator sees what did
 * not arrive and why. The events' content is not listed (it is in the rooms). In shared mode
 * the list is PostgreSQL's, so every relay answers the same.
 */
export async function deliveriesRoute(
  context: RelayContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!teamKeyPresented(context, request, response, 'delivery list')) return;
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
  const list: OutboundDeliveryList = {
    deliveries: (await context.outbox.list(state as DeliveryState, limit)).map(listItem),
  };
  sendJson(response, 200, list);
}

/** The receipt, not the event (its content is in the room). */
function listItem({ event: _event, seq: _seq, ...receipt }: Delivery): OutboundDeliveryListing {
  return receipt;
}
