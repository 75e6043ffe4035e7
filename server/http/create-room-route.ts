import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROOM_ID_PATTERN } from '../../shared/protocol/relay-protocol';
import type { CreateRoomResponse } from '../../shared/protocol/relay-http';
import { generateRoomKeys, isTeamKey, keyVerifier } from '../auth/room-keys';
import { bearerToken } from '../auth/presented-key';
import type { RelayContext } from '../relay-context';
import { readValidJsonBody } from './read-json-body';
import { sendError, sendJson } from './respond';
import { timingSafeEqual } from 'node:crypto';

const createRoomBody = z
  .object({
    id: z
      .string()
      .regex(
        ROOM_ID_PATTERN,
        'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit',
      )
      .optional(),
  })
  .strict();

/**
 * `POST /rooms` → `201 {id, writeKey, readKey}`. The keys are shown once: only their verifiers
 * are stored, so a lost key cannot be recovered from the relay (or from a stolen database).
 */
export async function createRoomRoute(
  context: RelayContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { config, store, metrics, logger } = context;
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
  if (store.countRooms() >= config.maxRooms) {
    sendError(response, 503, 'this relay holds as many rooms as it is configured for');
    return;
  }
  const id = body.value.id ?? randomUUID();
  const keys = generateRoomKeys();
  const created = store.createRoom({
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
  const answer: CreateRoomResponse = { id, writeKey: keys.writeKey, readKey: keys.readKey };
  sendJson(response, 201, answer);
}

function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(keyVerifier(presented), keyVerifier(expected));
}
