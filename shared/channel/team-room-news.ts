/**
 * What counts as news in the team room list, one rule for the host (desktop notifications) and
 * the window (browser notifications, the list's wording).
 */
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

/** A notification's words for a room an alert opened. */
export function teamRoomNotice(room: TeamRoomListing): { title: string; body: string } {
  return {
    title: `New incident room: ${room.title ?? 'untitled'}`,
    body: [room.severity ?? 'no severity', describeTeamRoomSource(room.source)].join(' · '),
  };
}
