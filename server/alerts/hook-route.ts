import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyBytes } from '../http/read-json-body';
import { sendError, sendJson } from '../http/respond';
import type { RelayContext } from '../relay-context';
import type { HookRefusal, HookRequest } from './alert-source-kind';
import type { AlertSource } from './alert-sources-file';
import { takeAlerts } from './alert-intake';

/** At most this many unrouted alerts per `GET /hooks/<id>/unrouted` (newest first). */
export const MAX_UNROUTED_LISTED = 500;

/**
 * `POST /hooks/<source-id>`: the sender's own payload, authenticated the sender's own way. The
 * order is fixed: unknown source (404), body over the limit (413), credentials (401/403), JSON
 * (400), the payload's shape (400). Each refusal is one line and comes before anything is
 * written. `200 {rooms, duplicates, unrouted}` once every room update is on disk.
 */
export async function hookRoute(
  context: RelayContext,
  sourceId: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { metrics, logger, config } = context;
  const source = context.alerts.sources.sources.get(sourceId);
  if (!source) {
    metrics.alertHookRefusals.inc({ reason: 'unknown-source' });
    return sendError(response, 404, 'no alert source has this id on this relay');
  }
  const body = await readBodyBytes(request, config.maxHookBodyBytes);
  if (!body.ok) {
    metrics.alertHookRefusals.inc({ reason: 'too-large' });
    return sendError(response, body.status, body.message);
  }
  const hook: HookRequest = {
    headers: request.headers,
    rawBody: body.value,
    receivedAt: Date.now(),
  };
  const verified = source.kind.verify(hook, source.config);
  if (!verified.ok) return refuse(context, response, verified, 'auth');
  let payload: unknown;
  try {
    payload = JSON.parse(body.value.toString('utf8'));
  } catch {
    return refuse(
      context,
      response,
      { ok: false, status: 400, reason: 'the body is not valid JSON' },
      'bad-json',
    );
  }
  const parsed = source.kind.parse(payload, source.config, hook);
  if (!parsed.ok) return refuse(context, response, parsed, 'bad-payload');
  await context.alerts.store.pruneDeliveriesIfDue(hook.receivedAt);
  const taken = await takeAlerts(context, source, parsed.alerts, hook.receivedAt);
  if (!taken.ok) return sendError(response, taken.status, taken.reason);
  logger.info(
    {
      event: 'alert-hook',
      source: source.id,
      alerts: parsed.alerts.length,
      rooms: taken.answer.rooms.map((room) => room.id),
      duplicates: taken.answer.duplicates,
      unrouted: taken.answer.unrouted,
    },
    'alerts taken',
  );
  sendJson(response, 200, taken.answer);
}

/**
 * `GET /hooks/<source-id>/unrouted`, with the source's own credentials (for an HMAC-signed
 * source, the signature of the empty body): the alerts no rule took, newest first.
 */
export async function unroutedRoute(
  context: RelayContext,
  sourceId: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const source: AlertSource | undefined = context.alerts.sources.sources.get(sourceId);
  if (!source) {
    context.metrics.alertHookRefusals.inc({ reason: 'unknown-source' });
    return sendError(response, 404, 'no alert source has this id on this relay');
  }
  const hook: HookRequest = {
    headers: request.headers,
    rawBody: Buffer.alloc(0),
    receivedAt: Date.now(),
  };
  const verified = source.kind.verify(hook, source.config);
  if (!verified.ok) return refuse(context, response, verified, 'auth');
  const limitText = new URL(request.url ?? '/', 'http://relay.invalid').searchParams.get('limit');
  const limit = limitText !== null && /^\d{1,4}$/.test(limitText) ? Number(limitText) : 100;
  const alerts = await context.alerts.store.listUnrouted(
    source.id,
    Math.min(Math.max(limit, 1), MAX_UNROUTED_LISTED),
  );
  sendJson(response, 200, { source: source.id, alerts });
}

function refuse(
  context: RelayContext,
  response: ServerResponse,
  refusal: HookRefusal,
  reason: string,
): void {
  if (reason === 'auth')
    context.metrics.authRefusals.inc({ reason: `alert-source-${refusal.status}` });
  context.metrics.alertHookRefusals.inc({
    reason: reason === 'auth' ? `auth-${refusal.status}` : reason,
  });
  sendError(response, refusal.status, refusal.reason);
}
