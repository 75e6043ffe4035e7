// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RoomSummary } from '../../../shared/channel/host-api';
import { AppStoreContext, createAppStore } from '../store/app-store';
import { FakeHost } from '../testing/fake-host';
import { RoomList } from './room-list';

/** The room list on a FakeHost whose rooms the test sets, rendered through the real store. */
async function showRoomList(rooms: Array<Partial<RoomSummary> & Pick<RoomSummary, 'title'>>) {
  const host = new FakeHost();
  for (const patch of rooms) {
    const room = host.addRoom({ title: patch.title, severity: 'SEV2' }, 'write');
    host.rooms.set(room.id, { ...room, ...patch });
  }
  const store = createAppStore();
  store.getState().attachHost(host);
  await vi.waitFor(() => {
    if (!store.getState().rooms) throw new Error('the store has not listed the rooms yet');
  });
  render(
    <AppStoreContext.Provider value={store}>
      <RoomList />
    </AppStoreContext.Provider>,
  );
  return host;
}

function openButtons(): HTMLElement[] {
  const list = screen.getByRole('list', { name: 'Recent rooms' });
  return within(list).getAllByRole('button', { name: /^Open room / });
}

describe('RoomList', () => {
  afterEach(cleanup);

  it('names each room by title, severity, phase and last change from anyone', async () => {
    await showRoomList([
      {
        title: 'Checkout errors',
        severity: 'SEV2',
        phase: 'mitigating',
        updatedAt: '2026-03-24T05:02:00.000Z',
        lastActivityAt: '2026-03-24T05:06:00.000Z',
      },
    ]);
    const [button] = openButtons();
    expect(button?.getAttribute('aria-label')).toBe(
      'Open room Checkout errors, SEV2, mitigating, last change 2026-03-24 05:06 UTC',
    );
    expect(screen.getByText(/last change 2026-03-24 05:06 UTC/)).toBeTruthy();
    expect(screen.queryByText(/05:02/)).toBeNull();
  });

  it('gives rooms with the same title different names', async () => {
    const same = {
      title: 'Checkout errors',
      severity: 'SEV2',
      phase: 'investigating',
      lastActivityAt: '2026-03-24T05:06:00.000Z',
    };
    await showRoomList([
      same,
      same,
      { ...same, severity: 'SEV1' },
      { ...same, lastActivityAt: '2026-03-24T06:00:00.000Z' },
    ]);
    const names = openButtons().map((button) => button.getAttribute('aria-label'));
    expect(names).toHaveLength(4);
    expect(new Set(names).size).toBe(4);
    expect(names).toContain(
      'Open room Checkout errors, SEV2, investigating, last change 2026-03-24 05:06 UTC (1 of 2)',
    );
    expect(names).toContain(
      'Open room Checkout errors, SEV1, investigating, last change 2026-03-24 05:06 UTC',
    );
  });

  it('marks rooms with changes since this person last had them open, and updates live', async () => {
    const host = await showRoomList([
      { title: 'Quiet room', lastActivityAt: '2026-03-24T05:00:00.000Z', unread: false },
      { title: 'Busy room', lastActivityAt: '2026-03-24T05:00:00.000Z', unread: false },
    ]);
    expect(screen.queryByText('New activity')).toBeNull();

    // Another person changes "Busy room": the host says the list changed.
    const busy = [...host.rooms.values()].find((room) => room.title === 'Busy room');
    if (!busy) throw new Error('no busy room');
    host.rooms.set(busy.id, { ...busy, lastActivityAt: '2026-03-24T05:09:00.000Z', unread: true });
    act(() => host.emit({ type: 'rooms-changed' }));

    const busyButton = await screen.findByRole('button', {
      name: 'Open room Busy room, SEV2, not declared, last change 2026-03-24 05:09 UTC, new activity',
    });
    expect(within(busyButton).getByText('New activity')).toBeTruthy();
    expect(screen.getAllByText('New activity')).toHaveLength(1);
  });
});
