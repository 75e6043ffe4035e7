import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { isOperationError } from '../../shared/ops';
import type { TimelineEventResponse } from '../../shared/protocol/relay-http';
import { formatValidationError } from '../../shared/util/validation-message';
import { authorizeRoom } from '../auth/authorize-room';
import { readJsonBody, RequestBodyError } from '../http/read-json-body';
import { sendError, sendJson } from '../http/respond';
import type { RelayContext } from '../relay-context';
import { OverCapacityError } from '../rooms/room-registry';
import { appendRoomEvent, EVENT_MILESTONES } from './append-room-event';

/** Only the envelope is checked here; the shared operations judge each field's content. */
const eventBody = z
  .object({
    text: z.unknown(),
    kind: z.unknown().optional(),
    at: z.unknown().optional(),
    author: z.unknown().optional(),
    milestone: z
      .enum(EVENT_MILESTONES, { error: `milestone: must be one of ${EVENT_MILESTONES.join(', ')}` })
      .optional(),
  })
  .strict();

/**
 * `POST /rooms/<id>/events` with the write key as Bearer: a script or alert hook logs into a
 * room. Answers `201 {id}`; any refusal is a 4xx with `{error}` and leaves the room untouched.
 */
export async function eventsRoute(
  context: RelayContext,
  roomId: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { store, registry, metrics, logger, config } = context;
  const url = new URL(request.url ?? '/', 'http://relay.invalid');
  const authorization = authorizeRoom(store, roomId, request, url);
  if (!authorization.ok) {
    if (authorization.status === 401 || authorization.status === 403) {
      metrics.authRefusals.inc({ reason: authorization.reason });
    }
    return sendError(response, authorization.status, authorization.message);
  }
  if (authorization.access !== 'write') {
    metrics.authRefusals.inc({ reason: 'read-only-key' });
    return sendError(response, 403, 'events need the room write key; this is the read-only key');
  }
  let body: unknown;
  try {
    body = await readJsonBody(request, config.maxEventBodyBytes);
  } catch (error) {
    if (error instanceof RequestBodyError) return sendError(response, error.status, error.message);
    throw error;
  }
  const parsed = eventBody.safeParse(body);
  if (!parsed.success) {
    return sendError(response, 400, `not an event: ${formatValidationError(parsed.error)}`);
  }
  let room;
  try {
    room = registry.acquire(roomId);
  } catch (error) {
    if (error instanceof OverCapacityError) return sendError(response, 503, error.message);
    throw error;
  }
  try {
    if (room.isFailed) return sendError(response, 503, 'the room could not be saved; retry later');
    const { id } = appendRoomEvent(room.doc, parsed.data, Date.now);
    // 201 means saved: wait for the group commit that carries this entry to reach the disk.
    const durableRoom = room;
    await new Promise<void>((resolve) => durableRoom.whenDurable(resolve));
    if (room.isFailed) return sendError(response, 503, 'the room could not be saved; retry later');
    metrics.events.inc();
    logger.info({ event: 'timeline-event', room: roomId, entry: id }, 'event appended');
    const created: TimelineEventResponse = { id };
    sendJson(response, 201, created);
  } catch (error) {
    if (!isOperationError(error)) throw error;
    const status = error.code === 'invalid-input' ? 400 : 409;
    sendJson(response, status, { error: error.message, code: error.code });
  } finally {
    registry.release(room);
  }
}
