import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TeamRoomList } from '../../shared/protocol/relay-http';
import type { RelayContext } from '../relay-context';
import { sendError, sendJson } from './respond';
import { teamKeyPresented } from './team-key-guard';

/** Rooms in one answer unless `?limit=` asks otherwise: open rooms come first, so they fit. */
export const TEAM_ROOM_LIST_DEFAULT_LIMIT = 500;
export const TEAM_ROOM_LIST_MAX_LIMIT = 1000;

/**
 * `GET /rooms` with the team key as a bearer token → `200 TeamRoomList`: open rooms first, then
 * the most recently active, at most `?limit=` of them. Read from the room list's rows
 * (room_listing), so it loads no room. A relay without a team key has no such list (404).
 */
export async function teamRoomsRoute(
  context: RelayContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!teamKeyPresented(context, request, response, 'team room list')) return;
  const url = new URL(request.url ?? '/', 'http://relay.invalid');
  const limit = parseLimit(url.searchParams.get('limit'));
  if (limit === null) {
    return sendError(
      response,
      400,
      `limit must be a whole number from 1 to ${TEAM_ROOM_LIST_MAX_LIMIT}`,
    );
  }
  const list: TeamRoomList = { rooms: await context.rooms.listRooms(limit) };
  sendJson(response, 200, list);
}

function parseLimit(text: string | null): number | null {
  if (text === null) return TEAM_ROOM_LIST_DEFAULT_LIMIT;
  if (!/^\d{1,5}$/.test(text)) return null;
  const limit = Number(text);
  return limit >= 1 && limit <= TEAM_ROOM_LIST_MAX_LIMIT ? limit : null;
}
