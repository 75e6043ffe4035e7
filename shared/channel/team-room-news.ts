/**
 * What counts as news in the team room list, one rule for the host (desktop notifications) and
 * the window (browser notifications, the list's wording).
 */
import type { TeamRoomListing } from '../protocol/relay-http';

/** Rooms in `rooms` not in the previous list that an alert opened and that are still open. */
export function newAlertRooms<Room extends TeamRoomListing>(
  previous: ReadonlySet<string>,
  rooms: readonly Room[],
): Room[] {
  return rooms.filter(
    (room) => !previous.has(room.id) && room.source !== 'app' && room.state === 'open',
  );
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
