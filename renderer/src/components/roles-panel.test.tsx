// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PresencePeer } from '../../../shared/channel/host-events';
import type { Role } from '../../../shared/doc/enums';
import type { Person } from '../../../shared/doc/types';
import { openTestRoom, TEST_PEOPLE, type TestRoom } from '../testing/open-test-room';
import { PresenceList } from './presence-list';
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

const holderField = (title: string) =>
  screen.getByRole<HTMLInputElement>('combobox', { name: `${title}: new holder` });
const peopleList = (title: string) =>
  screen.getByRole('listbox', { name: `People for ${title}: new holder` });
/** The names offered, group by group, as a screen reader walks the open list. */
const offered = (title: string) =>
  within(peopleList(title))
    .queryAllByRole('group')
    .map((group) => [
      group.getAttribute('aria-label'),
      within(group)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ]);

/** Who the host says is here: me, plus each person given (their clients share a profile id). */
function arrive(room: TestRoom, people: Array<Person | { id: null; name: string }>): void {
  const peer = (person: { id: string | null; name: string }, index: number): PresencePeer => ({
    clientId: index + 1,
    self: index === 0,
    userId: person.id,
    name: person.name,
    role: null,
    colour: '#888',
    editing: null,
  });
  act(() =>
    room.host.emit({
      type: 'presence',
      roomId: room.roomId,
      peers: [TEST_PEOPLE.me, ...people].map(peer),
    }),
  );
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

  it('offers the people in the room, then the recent names of the room, and assigns a picked one by id', async () => {
    const room = await openRolesPanel({ declare: { roles: { comms: TEST_PEOPLE.cam } } });
    room.render(<PresenceList />);
    const jane = { id: 'u-jane', name: 'Jane' };
    // Iris's client shares no profile id: she cannot be told apart later, so she is not offered.
    arrive(room, [jane, { id: null, name: 'Iris' }]);
    const field = holderField('Operations lead');
    expect(field.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(field);
    expect(field.getAttribute('aria-expanded')).toBe('true');
    expect(field.getAttribute('aria-controls')).toBe(peopleList('Operations lead').id);
    expect(offered('Operations lead')).toEqual([
      ['In the room', ['Dana (IC)', 'Jane']],
      ['Recent in this room', ['Cam']],
    ]);
    fireEvent.click(within(peopleList('Operations lead')).getByRole('option', { name: 'Jane' }));
    await vi.waitFor(() => expect(holder(room, 'ops')).toEqual(jane));
    expect(lastEntry(room)).toBe('Operations lead: Jane');
    expect(field.value).toBe('');
    expect(field.getAttribute('aria-expanded')).toBe('false');
    // Attributed by her profile id, so her presence badge says what she now holds.
    const people = screen.getByRole('list', { name: 'People in the room' });
    expect(within(people).getByRole('listitem', { name: 'Jane, Operations lead' })).toBeTruthy();
    // The holder is not offered her own role again.
    fireEvent.click(field);
    expect(offered('Operations lead')).toEqual([
      ['In the room', ['Dana (IC)']],
      ['Recent in this room', ['Cam']],
    ]);
  });

  it('narrows the list as I type, and picks with the arrow keys and Enter', async () => {
    const room = await openRolesPanel({ declare: { roles: { comms: TEST_PEOPLE.cam } } });
    arrive(room, [TEST_PEOPLE.omar, TEST_PEOPLE.iris]);
    const field = holderField('Scribe');
    fireEvent.change(field, { target: { value: 'a' } });
    expect(offered('Scribe')).toEqual([
      ['In the room', ['Dana (IC)', 'Omar']],
      ['Recent in this room', ['Cam']],
    ]);
    fireEvent.keyDown(field, { key: 'ArrowDown' });
    fireEvent.keyDown(field, { key: 'ArrowDown' });
    const active = screen.getByRole('option', { selected: true });
    expect(active.textContent).toBe('Omar');
    expect(field.getAttribute('aria-activedescendant')).toBe(active.id);
    // Up from the first wraps to the last.
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    expect(screen.getByRole('option', { selected: true }).textContent).toBe('Cam');
    fireEvent.keyDown(field, { key: 'ArrowDown' });
    fireEvent.keyDown(field, { key: 'Enter' });
    await vi.waitFor(() => expect(holder(room, 'scribe')).toEqual(TEST_PEOPLE.me));
    // Enter with nobody highlighted leaves the typed text to the form, and closes the list.
    fireEvent.change(field, { target: { value: 'Priya' } });
    expect(field.getAttribute('aria-expanded')).toBe('false');
    fireEvent.change(field, { target: { value: 'Om' } });
    expect(field.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(field.getAttribute('aria-expanded')).toBe('false');
    // Escape closes the list and leaves the text.
    fireEvent.change(field, { target: { value: 'Oma' } });
    expect(field.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(field.getAttribute('aria-expanded')).toBe('false');
    expect(field.getAttribute('aria-activedescendant')).toBeNull();
    expect(field.value).toBe('Oma');
  });

  it('asks to pick from the list when a typed name fits two people, and tells them apart there', async () => {
    const room = await openRolesPanel();
    const sams = [
      { id: 'u-sam-1', name: 'Sam' },
      { id: 'u-sam-2', name: 'Sam' },
    ];
    arrive(room, sams);
    const entries = room.store.getState().view?.timeline.length;
    handOver('Scribe', 'sam');
    expect(within(roleRow('Scribe')).getByRole('alert').textContent).toBe(
      '2 people here are called sam: pick one from the list.',
    );
    expect(holder(room, 'scribe')).toBeNull();
    expect(room.store.getState().view?.timeline.length).toBe(entries);
    fireEvent.click(holderField('Scribe'));
    fireEvent.click(screen.getByRole('option', { name: 'Sam (u-sam-2)' }));
    await vi.waitFor(() => expect(holder(room, 'scribe')).toEqual(sams[1]));
  });
});
