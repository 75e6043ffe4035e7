import { z } from 'zod';
import { formatValidationError } from '../../shared/util/validation-message';
import { EVENT_MILESTONES, type RoomEvent } from './append-room-event';

/**
 * The most events one request may carry. A batch is one transaction, one update and one durable
 * write; the limit keeps that (and the update every connected client receives) a bounded size.
 * The body's bytes are limited separately by `--max-event-body-bytes`.
 */
export const MAX_EVENTS_PER_REQUEST = 1000;

/** What the body may be before its events are looked at: one event, or a list of them. */
export const eventsRequestBody = z.union([z.array(z.unknown()), z.looseObject({})], {
  error: 'send one event as a JSON object, or a batch as a JSON array of event objects',
});

/** Only the envelope is checked here; the shared operations judge each field's content. */
const eventBody = z
  .object({
    text: z.unknown(),
    kind: z.unknown().optional(),
    at: z.unknown().optional(),
    author: z.unknown().optional(),
    milestone: z
      .enum(EVENT_MILESTONES, { error: `must be one of ${EVENT_MILESTONES.join(', ')}` })
      .optional(),
  })
  .strict();

export type ParsedEvents =
  | { readonly ok: true; readonly events: RoomEvent[]; readonly batch: boolean }
  | {
      readonly ok: false;
      readonly status: 400 | 413;
      readonly message: string;
      /** The batch position of the refused event. */
      readonly index?: number;
    };

/** The events of a request body already known to be an object or an array. */
export function parseEvents(body: z.output<typeof eventsRequestBody>): ParsedEvents {
  if (!Array.isArray(body)) {
    const parsed = eventBody.safeParse(body);
    if (parsed.success) return { ok: true, events: [parsed.data], batch: false };
    return {
      ok: false,
      status: 400,
      message: `not an event: ${formatValidationError(parsed.error)}`,
    };
  }
  if (body.length === 0) {
    return { ok: false, status: 400, message: 'the batch is empty: send at least one event' };
  }
  if (body.length > MAX_EVENTS_PER_REQUEST) {
    return {
      ok: false,
      status: 413,
      message: `a batch holds at most ${MAX_EVENTS_PER_REQUEST} events; this one has ${body.length}: split it`,
    };
  }
  const events: RoomEvent[] = [];
  for (const [index, item] of body.entries()) {
    const parsed = eventBody.safeParse(item);
    if (!parsed.success) {
      return {
        ok: false,
        status: 400,
        message: `event ${index}: not an event: ${formatValidationError(parsed.error)}`,
        index,
      };
    }
    events.push(parsed.data);
  }
  return { ok: true, events, batch: true };
}
