import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  RelayErrorBody,
  TimelineEventBatchResponse,
  TimelineEventResponse,
} from '../../shared/protocol/relay-http';
import { authorizeRoom } from '../auth/authorize-room';
import { readValidJsonBody } from '../http/read-json-body';
import { sendError, sendJson } from '../http/respond';
import type { RelayContext } from '../relay-context';
import { OverCapacityError } from '../rooms/room-registry';
import { appendRoomEvents, EventRefusedError } from './append-room-event';
import { eventsRequestBody, parseEvents } from './events-body';

/**
 * `POST /rooms/<id>/events` with the write key as Bearer: a script or alert hook logs into a
 * room, one event (a JSON object → `201 {id}`) or a batch (a JSON array → `201 {ids}`), all of
 * it or none. Any refusal is a 4xx with `{error}` (and the batch `index` of the event refused)
 * and leaves the room untouched.
 */
export async function eventsRoute(
  context: RelayContext,
  roomId: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { rooms, registry, metrics, logger, config } = context;
  const url = new URL(request.url ?? '/', 'http://relay.invalid');
  const authorization = await authorizeRoom(rooms, roomId, request, url, config.teamKeyVerifier);
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
  // A script that meets the body limit hears 413: it splits its batch and retries.
  const body = await readValidJsonBody(request, eventsRequestBody, {
    maxBytes: config.maxEventBodyBytes,
  });
  if (!body.ok) return sendError(response, body.status, body.message);
  const parsed = parseEvents(body.value);
  if (!parsed.ok) {
    const refusal: RelayErrorBody = {
      error: parsed.message,
      ...(parsed.index !== undefined ? { index: parsed.index } : {}),
    };
    return sendJson(response, parsed.status, refusal);
  }
  let room;
  try {
    room = await registry.acquire(roomId);
  } catch (error) {
    if (error instanceof OverCapacityError) return sendError(response, 503, error.message);
    // Shared mode: PostgreSQL (or Redis) is away. Nothing was written; the caller retries.
    logger.error({ err: error, room: roomId }, 'room could not be loaded');
    return sendError(response, 503, 'the room could not be loaded; retry later');
  }
  try {
    if (room.isFailed) return sendError(response, 503, 'the room could not be saved; retry later');
    const { ids } = appendRoomEvents(room.doc, parsed.events, Date.now);
    // 201 means saved: wait for the group commit that carries these entries to reach the disk.
    const durableRoom = room;
    await new Promise<void>((resolve) => durableRoom.whenDurable(resolve));
    if (room.isFailed) return sendError(response, 503, 'the room could not be saved; retry later');
    metrics.events.inc(ids.length);
    logger.info(
      { event: 'timeline-event', room: roomId, entry: ids[0], count: ids.length },
      ids.length === 1 ? 'event appended' : 'events appended',
    );
    // A single event (not a batch) wrote exactly one entry.
    const created: TimelineEventResponse | TimelineEventBatchResponse = parsed.batch
      ? { ids }
      : { id: ids[0]! };
    sendJson(response, 201, created);
  } catch (error) {
    if (!(error instanceof EventRefusedError)) throw error;
    const { refusal, index } = error;
    const answer: RelayErrorBody = parsed.batch
      ? { error: `event ${index}: ${refusal.message}`, code: refusal.code, index }
      : { error: refusal.message, code: refusal.code };
    sendJson(response, refusal.code === 'invalid-input' ? 400 : 409, answer);
  } finally {
    registry.release(room);
  }
}
