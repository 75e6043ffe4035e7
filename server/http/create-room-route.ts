import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROOM_ID_PATTERN } from '../../shared/protocol/relay-protocol';
import type { CreateRoomResponse } from '../../shared/protocol/relay-http';
import { generateRoomKeys, isTeamKey, keyVerifier, type RoomKeyVerifiers } from '../auth/room-keys';
import { bearerToken } from '../auth/presented-key';
import type { RelayContext } from '../relay-context';
import { readValidJsonBody } from './read-json-body';
import { sendError, sendJson } from './respond';
import { timingSafeEqual } from 'node:crypto';

/** A key the client chose: at least 256 bits of base64url, like the ones the relay makes. */
const clientKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43,128}$/, 'must be 43-128 base64url characters (256 random bits)');

const createRoomBody = z
  .object({
    id: z
      .string()
      .regex(
        ROOM_ID_PATTERN,
        'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit',
      )
      .optional(),
    writeKey: clientKey.optional(),
    readKey: clientKey.optional(),
  })
  .strict()
  .refine(
    (body) =>
      (body.writeKey === undefined && body.readKey === undefined) ||
      (body.id !== undefined && body.writeKey !== undefined && body.readKey !== undefined),
    { error: 'writeKey and readKey come together, with the room id they are for' },
  )
  .refine((body) => body.writeKey === undefined || body.writeKey !== body.readKey, {
    error: 'writeKey and readKey must differ',
  });

/**
 * `POST /rooms` → `201 {id, writeKey, readKey}`. The keys are shown once: only their verifiers
 * are stored, so a lost key cannot be recovered from the relay (or from a stolen database).
 * A client may choose the id and both keys (a room made offline first); the same request again
 * is `200` with the same room, the id with other keys `409`.
 */
export async function createRoomRoute(
  context: RelayContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { config, rooms, metrics, logger } = context;
  if (config.creationToken !== null) {
    const token = bearerToken(request);
    if (token === null) {
      metrics.authRefusals.inc({ reason: 'creation-token-missing' });
      sendError(
        response,
        401,
        'this relay needs Authorization: Bearer <creation token> to create rooms',
      );
      return;
    }
    // A team member may create rooms too (incident-room declare): the team key already writes
    // to every room, so it grants nothing more here.
    const isTeam = config.teamKeyVerifier !== null && isTeamKey(token, config.teamKeyVerifier);
    if (!sameSecret(token, config.creationToken) && !isTeam) {
      metrics.authRefusals.inc({ reason: 'creation-token-rejected' });
      sendError(response, 403, 'the bearer token is neither the creation token nor the team key');
      return;
    }
  }
  const body = await readValidJsonBody(request, createRoomBody, {
    maxBytes: config.maxEventBodyBytes,
    emptyBody: {},
  });
  if (!body.ok) return sendError(response, body.status, body.message);
  const { id: chosenId, writeKey, readKey } = body.value;
  const keys =
    writeKey !== undefined && readKey !== undefined
      ? {
          writeKey,
          readKey,
          writeKeyVerifier: keyVerifier(writeKey),
          readKeyVerifier: keyVerifier(readKey),
        }
      : generateRoomKeys();
  const id = chosenId ?? randomUUID();
  const answer: CreateRoomResponse = { id, writeKey: keys.writeKey, readKey: keys.readKey };
  // A client that chose the id and keys may send the same request again (it never heard the
  // answer): the room it made is the answer, so a retry never makes a second room.
  const existing = writeKey !== undefined ? await rooms.findRoom(id) : undefined;
  if (existing) {
    if (!sameVerifiers(existing, keys)) {
      return sendError(response, 409, `a room with id ${id} already exists with other keys`);
    }
    return sendJson(response, 200, answer);
  }
  if ((await rooms.countRooms()) >= config.maxRooms) {
    sendError(response, 503, 'this relay holds as many rooms as it is configured for');
    return;
  }
  const created = await rooms.createRoom({
    id,
    writeKeyVerifier: keys.writeKeyVerifier,
    readKeyVerifier: keys.readKeyVerifier,
    createdAt: Date.now(),
  });
  if (!created) {
    sendError(response, 409, `a room with id ${id} already exists`);
    return;
  }
  logger.info({ event: 'room-create', room: id }, 'room created');
  sendJson(response, 201, answer);
}

function sameVerifiers(a: RoomKeyVerifiers, b: RoomKeyVerifiers): boolean {
  // Both compared, always, in constant time.
  const write = timingSafeEqual(a.writeKeyVerifier, b.writeKeyVerifier);
  const read = timingSafeEqual(a.readKeyVerifier, b.readKeyVerifier);
  return write && read;
}

function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(keyVerifier(presented), keyVerifier(expected));
}
