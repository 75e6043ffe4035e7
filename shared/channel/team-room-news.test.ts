import { describe, expect, it } from 'vitest';
import type { TeamRoomListing } from '../protocol/relay-http';
import {
  announcedIds,
  describeTeamRoomSource,
  newAlertRooms,
  pagesUsualRole,
  teamRoomNotice,
} from './team-room-news';
import { teamRoomListing } from '../fixtures/team-room-listing';

const room = (id: string, patch: Partial<TeamRoomListing> = {}): TeamRoomListing =>
  teamRoomListing(id, {
    title: 'HighErrorRate on checkout',
    severity: 'SEV1',
    source: 'alertmanager',
    ...patch,
  });

describe('team room news', () => {
  it('is the open rooms an alert opened that the previous list did not have', () => {
    const rooms = [
      room('seen'),
      room('fire'),
      room('by-hand', { source: 'app' }),
      room('done', { state: 'resolved' }),
    ];
    expect(newAlertRooms(new Set(['seen']), rooms).map((r) => r.id)).toEqual(['fire']);
  });

  it('waits for a title: a room listed before its declaration was read is news when it has one', () => {
    const untitled = [room('fire', { title: null, severity: null })];
    expect(newAlertRooms(new Set(), untitled)).toEqual([]);
    const announced = announcedIds(untitled);
    expect(announced.size).toBe(0);
    expect(newAlertRooms(announced, [room('fire')]).map((r) => r.id)).toEqual(['fire']);
  });

  it('words the source and the notification', () => {
    expect(describeTeamRoomSource('app')).toBe('declared in the app');
    expect(describeTeamRoomSource('grafana-prod')).toBe('from grafana-prod');
    expect(teamRoomNotice(room('fire'), null)).toEqual({
      title: 'New incident room: HighErrorRate on checkout',
      body: 'SEV1 · from alertmanager',
    });
    expect(teamRoomNotice(room('x', { title: null, severity: null }), 'ic').title).toBe(
      'New incident room: untitled',
    );
  });

  it('tells a person the room pages their usual role, and everyone whom it pages', () => {
    const paging = room('fire', { pagedRoles: ['ic', 'ops'] });
    expect(teamRoomNotice(paging, 'ops')).toEqual({
      title: 'You are paged as Operations lead: HighErrorRate on checkout',
      body: 'SEV1 · from alertmanager · paging Incident commander, Operations lead',
    });
    expect(teamRoomNotice(paging, 'scribe').title).toBe(
      'New incident room: HighErrorRate on checkout',
    );
    expect(pagesUsualRole(paging, null)).toBe(false);
    expect(pagesUsualRole({ ...paging, state: 'resolved' }, 'ic')).toBe(false);
  });
});
