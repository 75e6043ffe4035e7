// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assignRole, setStatusPage } from '../../../shared/ops';
import type { StatusPageSummary } from '../../../shared/protocol/relay-http';
import { openTestRoom, TEST_PEOPLE } from '../testing/open-test-room';
import { StatusPageChooser } from './status-page-chooser';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const PUBLIC: StatusPageSummary = {
  id: 'public',
  title: 'Example status',
  url: null,
  components: [
    { id: 'api', name: 'API' },
    { id: 'dashboard', name: 'Dashboard' },
    { id: 'billing', name: 'Billing' },
  ],
};

async function openChooser(isIc: boolean, pages: StatusPageSummary[] = [PUBLIC]) {
  const room = await openTestRoom();
  room.host.statusPages = { relayUrl: 'http://relay.test', pages, error: null };
  room.render(<StatusPageChooser isIc={isIc} readOnly={false} />);
  return room;
}

const choice = () => screen.getByLabelText('Status page choice').textContent ?? '';

describe('the status page chooser', () => {
  it('lets the IC list the room on a page under chosen components, then take it off', async () => {
    const room = await openChooser(true);
    const page = await screen.findByRole('combobox', { name: 'Page' });
    expect(choice()).toBe(
      'Not on a public status page. Choose before the first update: the page shows every update you publish.',
    );
    fireEvent.change(page, { target: { value: 'public' } });
    // Ticked out of order, stored in the page's order.
    fireEvent.click(screen.getByRole('checkbox', { name: 'Billing' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'API' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save status page' }));
    await vi.waitFor(() =>
      expect(room.store.getState().view?.statusPage).toMatchObject({
        pageId: 'public',
        componentIds: ['api', 'billing'],
      }),
    );
    expect(choice()).toBe('Listed on Example status (API, Billing).');
    expect(
      screen.getByRole<HTMLButtonElement>('button', { name: 'Save status page' }).disabled,
    ).toBe(true);

    fireEvent.change(screen.getByRole('combobox', { name: 'Page' }), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save status page' }));
    await vi.waitFor(() => expect(room.store.getState().view?.statusPage).toBeNull());
    expect(choice()).toMatch(/^Not on a public status page\./);
  });

  it('shows everyone else the IC’s choice, following it live, with nothing to change', async () => {
    const room = await openChooser(false);
    await screen.findByText('The incident commander chooses whether the incident is listed.');
    expect(screen.queryByRole('combobox', { name: 'Page' })).toBeNull();
    // The IC (someone else now) lists the room from another window.
    act(() => {
      assignRole(room.hostDoc, room.as(TEST_PEOPLE.me), { role: 'ic', person: TEST_PEOPLE.cam });
      setStatusPage(room.hostDoc, room.as(TEST_PEOPLE.cam), {
        pageId: 'public',
        componentIds: ['dashboard'],
      });
    });
    await vi.waitFor(() => expect(choice()).toBe('Listed on Example status (Dashboard).'));
  });

  it('says why no page can be chosen: a room on no relay, or a relay that cannot be asked', async () => {
    const room = await openTestRoom();
    room.host.statusPages = { relayUrl: null, pages: [], error: null };
    room.render(<StatusPageChooser isIc readOnly={false} />);
    await screen.findByText('This room is on no relay, so no status page can show it.');
    cleanup();

    const away = await openTestRoom();
    away.host.statusPages = {
      relayUrl: 'http://relay.test',
      pages: [],
      error: 'Could not reach the relay at http://relay.test to list its status pages.',
    };
    away.render(<StatusPageChooser isIc readOnly={false} />);
    await screen.findByText(/Could not reach the relay/);
    expect(screen.queryByRole('combobox', { name: 'Page' })).toBeNull();
  });
});
