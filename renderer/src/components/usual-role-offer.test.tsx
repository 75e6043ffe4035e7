// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { alertSourcePersonId } from '../../../shared/doc/stand-in';
import { assignRole, pageRoles } from '../../../shared/ops';
import { openTestRoom, TEST_PEOPLE, type TestRoom } from '../testing/open-test-room';
import { UsualRoleOffer } from './usual-role-offer';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const me = { ...TEST_PEOPLE.me, usualRole: 'scribe' as const };
const OFFER = 'Take Scribe role (your usual role)';
const offer = () => screen.queryByRole('button', { name: OFFER });
const roles = (room: TestRoom) => room.store.getState().view?.roles;

async function openWithOffer(options: Parameters<typeof openTestRoom>[0] = {}) {
  const room = await openTestRoom({ me, ...options });
  room.render(<UsualRoleOffer />);
  return room;
}

describe('the usual role offer', () => {
  it('offers my usual role in one click where nobody holds it, and never takes it by itself', async () => {
    const room = await openWithOffer();
    const before = roles(room);
    const entries = room.store.getState().view?.timeline.length;
    expect(offer()).toBeTruthy();
    // Opening the room and showing the offer changed nothing.
    expect(roles(room)).toEqual(before);
    expect(roles(room)?.scribe).toBeUndefined();
    expect(room.store.getState().view?.timeline.length).toBe(entries);

    fireEvent.click(offer()!);
    await vi.waitFor(() => expect(roles(room)?.scribe).toEqual(TEST_PEOPLE.me));
    expect(room.store.getState().view?.timeline.at(-1)?.text).toBe('Scribe: Dana (IC)');
    // Mine now: nothing more to offer.
    expect(offer()).toBeNull();
  });

  it('offers nothing when someone else holds it, and goes away when someone takes it', async () => {
    await openWithOffer({ declare: { roles: { scribe: TEST_PEOPLE.cam } } });
    expect(screen.queryByRole('button', { name: /your usual role/ })).toBeNull();
    cleanup();

    const room = await openWithOffer();
    expect(offer()).toBeTruthy();
    act(() => {
      assignRole(room.hostDoc, room.as(TEST_PEOPLE.omar), {
        role: 'scribe',
        person: TEST_PEOPLE.omar,
      });
    });
    await vi.waitFor(() => expect(offer()).toBeNull());
  });

  it('offers nothing without a usual role, or in a read-only room', async () => {
    await openWithOffer({ me: TEST_PEOPLE.me });
    expect(screen.queryByRole('button', { name: /your usual role/ })).toBeNull();
    cleanup();
    await openWithOffer({ access: 'read' });
    expect(screen.queryByRole('button', { name: /your usual role/ })).toBeNull();
  });

  it('offers the IC role an alert source holds as a stand-in, saying the room pages me', async () => {
    const source = { id: alertSourcePersonId('prod-am'), name: 'prod-am (alertmanager)' };
    const room = await openWithOffer({
      me: { ...TEST_PEOPLE.me, usualRole: 'ic' },
      declaredBy: source,
    });
    expect(roles(room)?.ic).toEqual(source);
    const plain = 'Take Incident commander role (your usual role)';
    expect(screen.getByRole('button', { name: plain })).toBeTruthy();
    act(() => {
      pageRoles(room.hostDoc, room.as(source), { roles: ['ic'], reason: 'rule "sev1"' });
    });
    const paged = await screen.findByRole('button', {
      name: 'Take Incident commander role (you are paged: your usual role)',
    });
    fireEvent.click(paged);
    await vi.waitFor(() => expect(roles(room)?.ic).toEqual(TEST_PEOPLE.me));
    expect(screen.queryByRole('button', { name: /Take Incident commander/ })).toBeNull();
  });

  it('follows a usual role changed in another window', async () => {
    const room = await openWithOffer({ me: TEST_PEOPLE.me });
    expect(screen.queryByRole('button', { name: /your usual role/ })).toBeNull();
    act(() =>
      room.host.emit({
        type: 'profile-changed',
        profile: { ...room.host.profile, usualRole: 'ops' },
      }),
    );
    expect(screen.getByRole('button', { name: 'Take Operations lead role (your usual role)' }));
  });
});
