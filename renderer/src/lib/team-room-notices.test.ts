// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TeamRoom } from '../../../shared/channel/host-api';
import { teamRoomListing } from '../../../shared/fixtures/team-room-listing';
import { browserTeamRoomNotifier } from './team-room-notices';

const ROOM: TeamRoom = {
  ...teamRoomListing('fire', { title: 'DiskFull', severity: 'SEV1', source: 'alertmanager' }),
  joinedRoomId: null,
};

/** A stand-in for the browser's Notification: the test plays the person clicking it. */
function stubNotifications(permission: NotificationPermission) {
  const shown: Array<{ title: string; onclick: (() => void) | null; close: () => void }> = [];
  class FakeNotification {
    static permission = permission;
    onclick: (() => void) | null = null;
    close = vi.fn();
    constructor(readonly title: string) {
      shown.push(this);
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return shown;
}

afterEach(() => vi.unstubAllGlobals());

describe('browser notices of alert rooms', () => {
  it('opens the room when the notice is clicked, and closes the notice', () => {
    const shown = stubNotifications('granted');
    const open = vi.fn();
    browserTeamRoomNotifier.announce(ROOM, 'ic', open);
    expect(shown.map((notice) => notice.title)).toEqual(['New incident room: DiskFull']);
    expect(open).not.toHaveBeenCalled();
    shown[0]!.onclick?.();
    expect(open).toHaveBeenCalledTimes(1);
    expect(shown[0]!.close).toHaveBeenCalled();
  });

  it('shows nothing unless the person allowed notices', () => {
    const shown = stubNotifications('default');
    browserTeamRoomNotifier.announce(ROOM, null, vi.fn());
    expect(shown).toEqual([]);
  });

  it('tells the person a room pages their usual role', () => {
    const shown = stubNotifications('granted');
    browserTeamRoomNotifier.announce({ ...ROOM, pagedRoles: ['ops'] }, 'ops', vi.fn());
    expect(shown.map((notice) => notice.title)).toEqual([
      'You are paged as Operations lead: DiskFull',
    ]);
  });
});
