import type { TeamRoom } from '../../../shared/channel/host-api';
import type { Role } from '../../../shared/doc/enums';
import { teamRoomNotice } from '../../../shared/channel/team-room-news';

/** Tells the person a room opened by an alert appeared in the team list. */
export interface TeamRoomNotifier {
  /**
   * `open` joins the room (no invite) and shows it: what clicking the notice does. `usualRole`
   * is the person's, so a room paging it says "You are paged".
   */
  announce(room: TeamRoom, usualRole: Role | null, open: () => void): void;
}

/** The browser's notifications are usable here (web mode; the desktop host notifies natively). */
export function browserNotificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/**
 * Browser notifications, shown only once the person allowed them (asked from a button, never on
 * load). Clicking one brings the page forward and opens the room, joining it first.
 */
export const browserTeamRoomNotifier: TeamRoomNotifier = {
  announce(room, usualRole, open) {
    if (!browserNotificationsSupported() || Notification.permission !== 'granted') return;
    const { title, body } = teamRoomNotice(room, usualRole);
    const notification = new Notification(title, { body, tag: `team-room-${room.id}` });
    notification.onclick = () => {
      window.focus();
      notification.close();
      open();
    };
  },
};
