// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/doc/enums';
import { openTestRoom, TEST_PEOPLE, type TestRoom } from '../testing/open-test-room';
import { RolesPanel } from './roles-panel';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

async function openRolesPanel(options: Parameters<typeof openTestRoom>[0] = {}) {
  const room = await openTestRoom(options);
  room.render(<RolesPanel />);
  await screen.findByRole('heading', { name: 'Roles' });
  return room;
}

const roleRow = (title: string) => screen.getByRole('listitem', { name: title });

function handOver(title: string, name: string): void {
  const form = screen.getByRole('form', { name: `Hand over ${title}` });
  fireEvent.change(within(form).getByRole('combobox', { name: `${title}: new holder` }), {
    target: { value: name },
  });
  fireEvent.submit(form);
}

const holder = (room: TestRoom, role: Role) => room.store.getState().view?.roles[role] ?? null;
const lastEntry = (room: TestRoom) => room.store.getState().view?.timeline.at(-1)?.text;

describe('the roles panel', () => {
  it('lets me take an empty role; the row and the timeline say so', async () => {
    const room = await openRolesPanel();
    expect(roleRow('Operations lead').textContent).toContain('unassigned');
    fireEvent.click(screen.getByRole('button', { name: 'Take Operations lead role' }));
    await vi.waitFor(() => expect(roleRow('Operations lead').textContent).toContain('Dana (IC)'));
    expect(holder(room, 'ops')).toEqual(TEST_PEOPLE.me);
    expect(lastEntry(room)).toBe('Operations lead: Dana (IC)');
    // Holding it, I am not offered it again.
    expect(screen.queryByRole('button', { name: 'Take Operations lead role' })).toBeNull();
  });

  it('hands a role over by typed name, keeping the identity of someone the room knows', async () => {
    const room = await openRolesPanel({ declare: { roles: { comms: TEST_PEOPLE.cam } } });
    // "cam" is Cam, who holds a role: the scribe role goes to the same person, not a new "cam".
    handOver('Scribe', 'cam');
    await vi.waitFor(() => expect(holder(room, 'scribe')).toEqual(TEST_PEOPLE.cam));
    // A name the room does not know is recorded as typed.
    handOver('Incident commander', 'Priya');
    await vi.waitFor(() => expect(roleRow('Incident commander').textContent).toContain('Priya'));
    expect(holder(room, 'ic')).toEqual({ id: 'named:priya', name: 'Priya' });
    expect(lastEntry(room)).toBe('Incident commander: Dana (IC) → Priya');
    const input = screen.getByRole<HTMLInputElement>('combobox', {
      name: 'Incident commander: new holder',
    });
    expect(input.value).toBe('');
  });

  it('stands a role down with Clear, but never the incident commander', async () => {
    const room = await openRolesPanel({ declare: { roles: { comms: TEST_PEOPLE.cam } } });
    expect(screen.queryByRole('button', { name: 'Clear Incident commander' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Clear Communications lead' }));
    await vi.waitFor(() => expect(holder(room, 'comms')).toBeNull());
    expect(roleRow('Communications lead').textContent).toContain('unassigned');
    expect(lastEntry(room)).toBe('Communications lead: Cam stood down');
  });

  it('says why a handover is refused and changes nothing', async () => {
    const room = await openRolesPanel({ declare: { roles: { comms: TEST_PEOPLE.cam } } });
    const entries = room.store.getState().view?.timeline.length;
    handOver('Communications lead', '   ');
    expect(within(roleRow('Communications lead')).getByRole('alert').textContent).toBe(
      'Type the name of the person taking the role.',
    );
    handOver('Communications lead', 'Cam');
    await vi.waitFor(() =>
      expect(within(roleRow('Communications lead')).getByRole('alert').textContent).toBe(
        'Communications lead is already Cam.',
      ),
    );
    expect(holder(room, 'comms')).toEqual(TEST_PEOPLE.cam);
    expect(room.store.getState().view?.timeline.length).toBe(entries);
    // Typing again clears the stale message.
    fireEvent.change(screen.getByRole('combobox', { name: 'Communications lead: new holder' }), {
      target: { value: 'Om' },
    });
    expect(within(roleRow('Communications lead')).queryByRole('alert')).toBeNull();
  });

  it('shows who holds what, with nothing to change, in a read-only room', async () => {
    await openRolesPanel({ access: 'read' });
    expect(roleRow('Incident commander').textContent).toContain('Dana (IC)');
    expect(screen.queryByRole('button', { name: /^Take / })).toBeNull();
    expect(screen.queryByRole('form', { name: /^Hand over / })).toBeNull();
  });
});
