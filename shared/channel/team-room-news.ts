/**
 * What counts as news in the team room list, one rule for the host (desktop notifications) and
 * the window (browser notifications, the list's wording).
 */
import { ROLE_TITLES, type Role } from '../doc/enums';
import type { TeamRoomListing } from '../protocol/relay-http';

/**
 * Rooms in `rooms` not yet announced that an alert opened, that are still open and that have a
 * title: the relay lists a room from its creation, a moment before it has read the declaration,
 * and a notification for "untitled" would tell nobody anything.
 */
export function newAlertRooms<Room extends TeamRoomListing>(
  announced: ReadonlySet<string>,
  rooms: readonly Room[],
): Room[] {
  return rooms.filter(
    (room) =>
      !announced.has(room.id) &&
      room.title !== null &&
      room.source !== 'app' &&
      room.state === 'open',
  );
}

/** The ids a list has had its say on: a room still untitled is news once its title comes. */
export function announcedIds(rooms: readonly TeamRoomListing[]): Set<string> {
  return new Set(rooms.filter((room) => room.title !== null).map((room) => room.id));
}

/** Where the room came from, as the list says it: "from alertmanager", "declared in the app". */
export function describeTeamRoomSource(source: string): string {
  return source === 'app' ? 'declared in the app' : `from ${source}`;
}

/** Whether the room is paging the person whose usual role is `usualRole` (still unheld). */
export function pagesUsualRole(room: TeamRoomListing, usualRole: Role | null): usualRole is Role {
  return usualRole !== null && room.state === 'open' && room.pagedRoles.includes(usualRole);
}

/** "paging Operations lead, Scribe", or '' when the room pages nobody. */
export function describePagedRoles(room: TeamRoomListing): string {
  return room.pagedRoles.length === 0
    ? ''
    : `paging ${room.pagedRoles.map((role) => ROLE_TITLES[role]).join(', ')}`;
}

/**
 * A notification's words for a room an alert opened; a room paging the person's usual role says
 * so first, since that person is the one the alert asks for.
 */
export function teamRoomNotice(
  room: TeamRoomListing,
  usualRole: Role | null,
): { title: string; body: string } {
  const title = room.title ?? 'untitled';
  const paging = describePagedRoles(room);
  return {
    title: pagesUsualRole(room, usualRole)
      ? `You are paged as ${ROLE_TITLES[usualRole]}: ${title}`
      : `New incident room: ${title}`,
    body: [room.severity ?? 'no severity', describeTeamRoomSource(room.source), paging]
      .filter((part) => part !== '')
      .join(' · '),
  };
}
