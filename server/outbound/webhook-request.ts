import { SIGNATURE_VERSION, hmacSha256Hex } from '../alerts/hmac-signature';
import type { OutboundEvent } from './outbound-event';
import type { HttpTarget } from './outbound-file';
import { roomLink } from './room-link';

/** The webhook body's version; a change that could break a receiver gets a new one. */
export const WEBHOOK_SCHEMA = 'incident-room.outbound/v1';

export const TIMESTAMP_HEADER = 'X-Incident-Room-Timestamp';
export const SIGNATURE_HEADER = 'X-Incident-Room-Signature';
export const EVENT_HEADER = 'X-Incident-Room-Event';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** What one try sends: the body bytes as signed, and the headers. */
export interface OutboundRequest {
  /** POST unless said (Statuspage updates an incident with PATCH; a tracker lookup is a GET). */
  readonly method?: 'POST' | 'PATCH' | 'GET';
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Read a 2xx answer's body into the result (Statuspage answers with the incident's id). */
  readonly readAnswer?: boolean;
}

/** The webhook body (docs/OUTBOUND.md has an example per event). */
export function webhookBody(event: OutboundEvent, roomUrl: string | null): string {
  const { type, ...data } = event.data;
  return JSON.stringify({
    schema: WEBHOOK_SCHEMA,
    id: event.id,
    type,
    occurredAt: event.occurredAt,
    room: { ...event.room, url: roomLink(roomUrl, event.room.id) },
    data,
  });
}

/**
 * Signed like the relay's own generic alert hooks, so one verifier serves both directions:
 * `v1=` and the hex HMAC-SHA256 (one per secret, comma-separated, while rotating) of the unix-seconds timestamp, a `.`, and the exact body. The
 * timestamp is the try's, so a receiver can refuse old replays; the body and the idempotency
 * key are the same on every try.
 */
export function webhookRequest(
  event: OutboundEvent,
  target: HttpTarget,
  roomUrl: string | null,
  nowMs: number,
): OutboundRequest {
  const body = webhookBody(event, roomUrl);
  const timestamp = String(Math.floor(nowMs / 1000));
  // While a secret is rotated, one signature per secret: a receiver knowing either accepts it.
  const signatures = target.secrets.map(
    (secret) => `${SIGNATURE_VERSION}=${hmacSha256Hex(secret, [timestamp, '.', body])}`,
  );
  return {
    body,
    headers: {
      'content-type': 'application/json',
      [IDEMPOTENCY_HEADER]: event.id,
      [EVENT_HEADER]: event.data.type,
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signatures.join(','),
    },
  };
}
