import type { IncomingMessage } from 'node:http';
import { ROOM_ID_PATTERN } from '../../shared/protocol/relay-protocol';
import type { RoomDirectory } from '../rooms/room-directory';
import { grantForKey, type RoomAccess } from './room-keys';
import { presentedRoomKey } from './presented-key';

export type RoomAuthorization =
  | {
      readonly ok: true;
      readonly roomId: string;
      readonly access: RoomAccess;
      /** The team key opened it (a member joining from the team list, without an invite). */
      readonly viaTeamKey: boolean;
    }
  | {
      readonly ok: false;
      readonly status: 400 | 401 | 403 | 404;
      readonly reason: 'bad-room-id' | 'key-missing' | 'key-rejected' | 'room-not-found';
      readonly message: string;
    };

/**
 * Decides whether a request may reach a room, from the request alone: it reads only the key
 * verifiers, never the room's document, so a refused request runs no room code at all.
 * The room's existence is only revealed to someone presenting a key. The relay's team key
 * (`teamKeyVerifier`, when it has one) opens every existing room with write access.
 * Rejects when the directory cannot be read (shared mode: PostgreSQL is away).
 */
export async function authorizeRoom(
  rooms: Pick<RoomDirectory, 'findRoom'>,
  roomId: string,
  request: IncomingMessage,
  url: URL,
  teamKeyVerifier: Buffer | null,
): Promise<RoomAuthorization> {
  if (!ROOM_ID_PATTERN.test(roomId)) {
    return { ok: false, status: 400, reason: 'bad-room-id', message: 'not a valid room id' };
  }
  const key = presentedRoomKey(request, url);
  if (key === null) {
    return {
      ok: false,
      status: 401,
      reason: 'key-missing',
      message: 'present the room key as ?key= or Authorization: Bearer',
    };
  }
  const room = await rooms.findRoom(roomId);
  if (!room) {
    return {
      ok: false,
      status: 404,
      reason: 'room-not-found',
      message: 'no such room on this relay',
    };
  }
  const grant = grantForKey(key, room, teamKeyVerifier);
  if (grant === null) {
    return {
      ok: false,
      status: 403,
      reason: 'key-rejected',
      message: 'the key is not valid for this room',
    };
  }
  return { ok: true, roomId, access: grant.access, viaTeamKey: grant.via === 'team-key' };
}
