import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken } from '../auth/presented-key';
import { isTeamKey } from '../auth/room-keys';
import type { RelayContext } from '../relay-context';
import { sendError } from './respond';

/**
 * The check of the relay's team-only lists (`GET /rooms`, `GET /outbound/deliveries`): the team
 * key as a bearer token. Answers the refusal itself (404 without a team key, naming `what`;
 * 401 for a missing or wrong key, counted) and returns false; true when the request may go on.
 */
export function teamKeyPresented(
  context: RelayContext,
  request: IncomingMessage,
  response: ServerResponse,
  what: string,
): boolean {
  const { config, metrics } = context;
  if (config.teamKeyVerifier === null) {
    sendError(
      response,
      404,
      `this relay has no team key, so no ${what} (start it with --team-key)`,
    );
    return false;
  }
  const key = bearerToken(request);
  if (key === null) {
    metrics.authRefusals.inc({ reason: 'team-key-missing' });
    sendError(response, 401, 'present the team key as Authorization: Bearer <team key>');
    return false;
  }
  if (!isTeamKey(key, config.teamKeyVerifier)) {
    metrics.authRefusals.inc({ reason: 'team-key-rejected' });
    sendError(response, 401, 'this is not the team key of this relay');
    return false;
  }
  return true;
}
