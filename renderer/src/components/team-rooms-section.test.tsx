// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TeamRoom } from '../../../shared/channel/host-api';
import type { Role } from '../../../shared/doc/enums';
import { teamRoomListing } from '../../../shared/fixtures/team-room-listing';
import { AppStoreContext, createAppStore } from '../store/app-store';
import { FakeHost } from '../testing/fake-host';
import { RoomList } from './room-list';
import { ProfileSettings } from './profile-settings';
import { TeamSettingsForm } from './team-settings-form';
import '../testing/jsdom-dialog';

const NOW = Date.parse('2026-03-24T05:30:00.000Z');
const RELAY = 'http://relay.test:4821';

function teamRoom(id: string, patch: Partial<TeamRoom> = {}): TeamRoom {
  const { joinedRoomId = null, ...listed } = patch;
  return {
    ...teamRoomListing(id, {
      createdAt: NOW - 12 * 60_000,
      lastActivityAt: NOW - 60_000,
      ...listed,
    }),
    joinedRoomId,
  };
}

/** The room list through the real store on a FakeHost whose team list the test sets. */
async function showTeamList(
  rooms: TeamRoom[],
  options: { error?: string | null; usualRole?: Role } = {},
) {
  const host = new FakeHost();
  host.profile = { ...host.profile, usualRole: options.usualRole ?? null };
  host.teamSettings = { relayUrl: RELAY, maskedKey: '••••••••cdef' };
  host.teamRooms = {
    configured: true,
    relayUrl: RELAY,
    rooms,
    error: options.error ?? null,
    fetchedAt: new Date(NOW).toISOString(),
  };
  const announced: TeamRoom[] = [];
  const announcedTo: (Role | null)[] = [];
  const openers = new Map<string, () => void>();
  const store = createAppStore({
    teamNotifier: {
      announce: (room, usualRole, open) => {
        announced.push(room);
        announcedTo.push(usualRole);
        openers.set(room.id, open);
      },
    },
  });
  store.getState().attachHost(host);
  await vi.waitFor(() => {
    if (!store.getState().teamRooms || !store.getState().rooms) throw new Error('not loaded yet');
  });
  const view = render(
    <AppStoreContext.Provider value={store}>
      <RoomList />
    </AppStoreContext.Provider>,
  );
  /** The host's poll found a changed list. */
  const relayLists = (next: TeamRoom[]) => {
    host.teamRooms = { ...host.teamRooms, rooms: next };
    act(() => host.emit({ type: 'team-rooms-changed' }));
  };
  return { host, store, announced, announcedTo, openers, relayLists, view };
}

function teamList(): HTMLElement {
  return screen.getByRole('list', { name: 'Team rooms' });
}

describe('Team rooms in the room list', () => {
  beforeEach(() => {
    // Only the clock is faked: the ages read "opened 12 min ago" whatever the machine's time.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    localStorage.clear();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('shows nothing of a team when no team key is set', async () => {
    const host = new FakeHost();
    const store = createAppStore({ teamNotifier: null });
    store.getState().attachHost(host);
    await vi.waitFor(() => {
      if (!store.getState().teamRooms) throw new Error('not loaded yet');
    });
    render(
      <AppStoreContext.Provider value={store}>
        <RoomList />
      </AppStoreContext.Provider>,
    );
    expect(screen.queryByRole('heading', { name: 'Team rooms' })).toBeNull();
  });

  it('lists open rooms first with title, severity, source and age, each button named uniquely', async () => {
    await showTeamList([
      teamRoom('old', { title: 'Old outage', state: 'resolved', severity: 'SEV3' }),
      teamRoom('alert', { title: 'HighErrorRate', severity: 'SEV1', source: 'alertmanager' }),
      teamRoom('twin-1', { title: 'Checkout errors' }),
      teamRoom('twin-2', { title: 'Checkout errors' }),
      teamRoom('mine', { title: 'Joined already', joinedRoomId: 'room-9' }),
    ]);
    const rows = within(teamList()).getAllByRole('listitem');
    expect(rows.map((row) => row.querySelector('.room-card__title')?.textContent)).toEqual([
      'HighErrorRate',
      'Checkout errors',
      'Checkout errors',
      'Joined already',
      'Old outage',
    ]);
    expect(within(rows[0]!).getByText('from alertmanager · opened 12 min ago')).toBeTruthy();
    expect(within(rows[1]!).getByText(/declared in the app/)).toBeTruthy();
    expect(within(rows[4]!).getByText(/resolved · declared in the app/)).toBeTruthy();
    const names = within(teamList())
      .getAllByRole('button')
      .map((button) => button.getAttribute('aria-label'));
    expect(names).toEqual([
      'Join HighErrorRate, SEV1, opened 12 min ago',
      'Join Checkout errors, SEV2, opened 12 min ago (1 of 2)',
      'Join Checkout errors, SEV2, opened 12 min ago (2 of 2)',
      'Open Joined already, SEV2, opened 12 min ago',
      'Join Old outage, SEV3, resolved, opened 12 min ago',
    ]);
  });

  it('joins a room without an invite and opens it; a joined room opens without joining again', async () => {
    const { host, store } = await showTeamList([
      teamRoom('alert', { title: 'HighErrorRate', source: 'alertmanager' }),
    ]);
    fireEvent.click(screen.getByRole('button', { name: /^Join HighErrorRate/ }));
    await vi.waitFor(() => expect(store.getState().roomId).not.toBeNull());
    expect(host.teamJoins).toEqual(['alert']);
    const joinedId = store.getState().roomId;
    expect(host.rooms.get(joinedId ?? '')?.title).toBe('HighErrorRate');

    // The host now lists the room as joined: its button opens it, with no second join.
    await act(() => store.getState().leaveRoom());
    act(() => host.emit({ type: 'team-rooms-changed' }));
    fireEvent.click(await screen.findByRole('button', { name: /^Open HighErrorRate/ }));
    await vi.waitFor(() => expect(store.getState().roomId).toBe(joinedId));
    expect(host.teamJoins).toEqual(['alert']);
  });

  it('badges rooms that appeared since the list was last seen and announces only new alert rooms', async () => {
    const { relayLists, announced, store, view } = await showTeamList([teamRoom('a')]);
    // The first list is the baseline: nothing is new, nothing announced.
    expect(within(teamList()).queryByText('New')).toBeNull();
    expect(announced).toEqual([]);

    relayLists([
      teamRoom('a'),
      teamRoom('fire', { title: 'DiskFull', source: 'alertmanager' }),
      teamRoom('by-hand', { title: 'Declared by hand' }),
      teamRoom('done', { title: 'Resolved alert', source: 'grafana', state: 'resolved' }),
    ]);
    await screen.findByText('DiskFull');
    const rowOf = (title: string) => screen.getByText(title).closest('li') as HTMLElement;
    expect(within(rowOf('DiskFull')).getByText('New')).toBeTruthy();
    expect(within(rowOf('Declared by hand')).getByText('New')).toBeTruthy();
    expect(within(rowOf('Room a')).queryByText('New')).toBeNull();
    expect(announced.map((room) => room.id)).toEqual(['fire']);

    // A second poll with the same rooms announces nothing again.
    relayLists([...store.getState().teamRooms!.rooms]);
    expect(announced.map((room) => room.id)).toEqual(['fire']);

    // Leaving the list marks what it showed as seen.
    view.unmount();
    expect(store.getState().teamSeen?.has('fire')).toBe(true);
  });

  it('says which roles a room pages, badges the rooms paging my usual role, and tells the notice my role', async () => {
    const { relayLists, announcedTo } = await showTeamList([teamRoom('a')], { usualRole: 'ops' });
    relayLists([
      teamRoom('a'),
      teamRoom('fire', { title: 'DiskFull', source: 'alertmanager', pagedRoles: ['ic', 'ops'] }),
      teamRoom('other', { title: 'Queue backlog', source: 'alertmanager', pagedRoles: ['comms'] }),
    ]);
    await screen.findByText('DiskFull');
    const rowOf = (title: string) => screen.getByText(title).closest('li') as HTMLElement;
    expect(within(rowOf('DiskFull')).getByText('Paged you')).toBeTruthy();
    expect(rowOf('DiskFull').textContent).toContain('paging Incident commander, Operations lead');
    expect(within(rowOf('Queue backlog')).queryByText('Paged you')).toBeNull();
    expect(rowOf('Queue backlog').textContent).toContain('paging Communications lead');
    expect(announcedTo).toEqual(['ops', 'ops']);
    // Once someone takes the role the relay stops listing it: the badge goes.
    relayLists([
      teamRoom('a'),
      teamRoom('fire', { title: 'DiskFull', source: 'alertmanager', pagedRoles: ['ic'] }),
    ]);
    await vi.waitFor(() => expect(within(rowOf('DiskFull')).queryByText('Paged you')).toBeNull());
  });

  it('opens an announced alert room from its notice, joining it first', async () => {
    const { relayLists, openers, host, store } = await showTeamList([teamRoom('a')]);
    relayLists([teamRoom('a'), teamRoom('fire', { title: 'DiskFull', source: 'alertmanager' })]);
    await screen.findByText('DiskFull');
    expect(store.getState().roomId).toBeNull();
    act(() => openers.get('fire')?.());
    await vi.waitFor(() => expect(store.getState().roomId).not.toBeNull());
    expect(host.teamJoins).toEqual(['fire']);
    expect(host.rooms.get(store.getState().roomId ?? '')?.title).toBe('DiskFull');
  });

  it('says in one sentence why the team list failed, and keeps the local list working', async () => {
    const { host } = await showTeamList([], {
      error:
        'Could not reach the team relay at http://relay.test:4821: your own rooms still work here.',
    });
    host.addRoom({ title: 'Local room', severity: 'SEV3' });
    act(() => host.emit({ type: 'rooms-changed' }));
    const team = screen.getByRole('heading', { name: 'Team rooms' }).closest('section')!;
    expect(within(team).getByRole('alert').textContent).toBe(
      'Could not reach the team relay at http://relay.test:4821: your own rooms still work here.',
    );
    expect(await screen.findByRole('button', { name: /^Open room Local room/ })).toBeTruthy();
  });
});

describe('Browser notifications for alert rooms', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('asks for permission from a button, never on load', async () => {
    const requestPermission = vi.fn(() => Promise.resolve('granted' as const));
    vi.stubGlobal('Notification', { permission: 'default', requestPermission });
    await showTeamList([teamRoom('a')]);
    expect(requestPermission).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Notify me of alert rooms' }));
    expect(await screen.findByText('Alert rooms notify you')).toBeTruthy();
    expect(requestPermission).toHaveBeenCalledTimes(1);
  });
});

describe('Team settings', () => {
  afterEach(cleanup);

  it('are part of the Settings dialog, under the name', async () => {
    const host = new FakeHost();
    const store = createAppStore({ teamNotifier: null });
    store.getState().attachHost(host);
    await vi.waitFor(() => {
      if (!store.getState().profile) throw new Error('not loaded yet');
    });
    render(
      <AppStoreContext.Provider value={store}>
        <ProfileSettings />
      </AppStoreContext.Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: /^Settings: you are / }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const form = within(dialog).getByRole('form', { name: 'Team rooms' });
    expect(within(form).getByLabelText('Team key')).toBeTruthy();
    expect(within(form).getByText('No team key saved.')).toBeTruthy();
  });

  it('sends the key to the host and shows it back only masked', async () => {
    const host = new FakeHost();
    const store = createAppStore({ teamNotifier: null });
    store.getState().attachHost(host);
    await vi.waitFor(() => {
      if (!store.getState().teamSettings) throw new Error('not loaded yet');
    });
    render(
      <AppStoreContext.Provider value={store}>
        <TeamSettingsForm />
      </AppStoreContext.Provider>,
    );
    const form = screen.getByRole('form', { name: 'Team rooms' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Team relay URL' }), {
      target: { value: RELAY },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Set team key' }));
    expect(within(form).getByRole('alert').textContent).toBe(
      'Type the team key the relay was started with.',
    );
    const keyField = within(form).getByLabelText<HTMLInputElement>('Team key');
    expect(keyField.type).toBe('password');
    fireEvent.change(keyField, { target: { value: 'team-key-0123456789abcdef' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Set team key' }));
    await within(form).findByRole('status');
    expect(host.teamSettings).toEqual({ relayUrl: RELAY, maskedKey: '••••••••cdef' });
    expect(keyField.value).toBe('');
    expect(form.textContent).toContain('A key is saved (••••••••cdef)');
    expect(form.textContent).not.toContain('team-key-0123456789abcdef');
  });
});
