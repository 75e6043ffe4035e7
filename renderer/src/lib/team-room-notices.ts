import type { TeamRoom } from '../../../shared/channel/host-api';

/** Tells the person a room opened by an alert appeared in the team list. */
export interface TeamRoomNotifier {
  announce(room: TeamRoom): void;
}

/** Rooms in `rooms` not in the previous list that an alert opened and that are still open. */
export function newAlertRooms(
  previous: ReadonlySet<string>,
  rooms: readonly TeamRoom[],
): TeamRoom[] {
  return rooms.filter(
    (room) => !previous.has(room.id) && room.source !== 'app' && room.state === 'open',
  );
}

/** Where the room came from, as the list says it. */
export function describeSource(source: string): string {
  return source === 'app' ? 'declared in the app' : `from ${source}`;
}

/** The browser's notifications are usable here (web mode; the desktop host notifies natively). */
export function browserNotificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/**
 * Browser notifications, shown only once the person allowed them (asked from a button, never on
 * load). Clicking one brings the page forward.
 */
export const browserTeamRoomNotifier: TeamRoomNotifier = {
  announce(room) {
    if (!browserNotificationsSupported() || Notification.permission !== 'granted') return;
    const notification = new Notification(`New incident room: ${room.title ?? 'untitled'}`, {
      body: [room.severity ?? 'no severity', describeSource(room.source)].join(' · '),
      tag: `team-room-${room.id}`,
    });
    notification.onclick = () => window.focus();
  },
};
