// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PresencePeer } from '../../../shared/channel/host-events';
import { requestStatusReview, setStatusDraft } from '../../../shared/ops';
import { openTestRoom, TEST_PEOPLE, type TestRoom } from '../testing/open-test-room';
import '../testing/jsdom-dialog';
import { CommandPalette } from './command-palette';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  vi.unstubAllGlobals();
});

async function openPalette(options: Parameters<typeof openTestRoom>[0] = {}) {
  const room = await openTestRoom(options);
  room.render(<CommandPalette />);
  const input = await reopen(room);
  return { room, input };
}

async function reopen(room: TestRoom): Promise<HTMLElement> {
  act(() => room.store.getState().setPaletteOpen(true));
  return screen.findByRole('combobox', { name: 'Command' });
}

/** Types a query and presses Enter on the first command it finds. */
function runFirst(input: HTMLElement, query: string): void {
  type(input, query);
  fireEvent.keyDown(input, { key: 'Enter' });
}

const alertText = () => screen.getByRole('alert').textContent;
const roomView = (room: TestRoom) => room.store.getState().view;

/** The host says Jane is here (her client shares her profile id), with me. */
function janeArrives(room: TestRoom): { id: string; name: string } {
  const jane = { id: 'u-jane', name: 'Jane' };
  const peer = (person: { id: string; name: string }, index: number): PresencePeer => ({
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
      peers: [TEST_PEOPLE.me, jane].map(peer),
    }),
  );
  return jane;
}

const options = () =>
  within(screen.getByRole('listbox', { name: 'Commands' }))
    .queryAllByRole('option')
    .map((option) => option.textContent);
const selectedOption = () =>
  within(screen.getByRole('listbox', { name: 'Commands' })).getByRole('option', {
    selected: true,
  });
const type = (input: HTMLElement, value: string) => fireEvent.change(input, { target: { value } });

describe('the command palette', () => {
  it('opens as a named dialog with the command field focused', async () => {
    const { input } = await openPalette();
    expect(screen.getByRole('dialog', { name: 'Command palette' })).toBeTruthy();
    expect(document.activeElement).toBe(input);
  });

  it('filters by every typed word, in any order, and says when nothing matches', async () => {
    const { input } = await openPalette();
    expect(options().length).toBeGreaterThan(10);
    type(input, 'pub st');
    expect(options()).toEqual(['Status update: publish']);
    type(input, 'go dec');
    expect(options()).toEqual(['Go to DecisionsAlt+2']);
    type(input, 'zzz');
    expect(options()).toEqual([]);
    expect(screen.getByText('No command matches.')).toBeTruthy();
    // Enter with nothing to run does nothing and keeps the palette open.
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByRole('dialog', { name: 'Command palette' })).toBeTruthy();
  });

  it('moves the selection with the arrow keys, within the list, and runs the selected command on Enter', async () => {
    const { room, input } = await openPalette();
    type(input, 'go to');
    expect(selectedOption().textContent).toBe('Go to TimelineAlt+1');
    expect(input.getAttribute('aria-activedescendant')).toBe(selectedOption().id);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(selectedOption().textContent).toBe('Go to TimelineAlt+1');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(selectedOption().textContent).toBe('Go to Status updateAlt+3');
    for (let press = 0; press < 20; press += 1) fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(selectedOption().textContent).toBe('Go to PostmortemAlt+8');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(room.store.getState().panel).toBe('actions');
    expect(room.store.getState().paletteOpen).toBe(false);
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
  });

  it('runs a command picked with the pointer', async () => {
    const { room, input } = await openPalette();
    type(input, 'light');
    fireEvent.mouseDown(screen.getByRole('option', { name: /Switch to light theme/ }));
    expect(room.store.getState().theme).toBe('light');
    expect(room.store.getState().paletteOpen).toBe(false);
  });

  it('shows why a command was refused and stays open; a new query clears the message', async () => {
    const { room, input } = await openPalette();
    type(input, 'approve');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByRole('alert').textContent).toBe('The status draft is empty.');
    expect(room.store.getState().paletteOpen).toBe(true);
    expect(room.store.getState().view?.status.approval).toBeNull();
    type(input, 'approv');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('runs a room command through the shared operations', async () => {
    const { room, input } = await openPalette();
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: 'Checkout is failing.' });
      requestStatusReview(room.hostDoc, room.as(TEST_PEOPLE.cam));
    });
    type(input, 'status approve');
    fireEvent.keyDown(input, { key: 'Enter' });
    await vi.waitFor(() => expect(room.store.getState().view?.status.review).toBe('approved'));
    expect(room.store.getState().view?.status.approval?.by).toEqual(TEST_PEOPLE.me);
    expect(room.store.getState().paletteOpen).toBe(false);
  });

  it('assigns a role to someone in the room by the short name of the role, by their profile id', async () => {
    const { room, input } = await openPalette({ declare: { roles: { comms: TEST_PEOPLE.cam } } });
    const jane = janeArrives(room);
    // Present people first, then the room's recent names; presence is read when it opens.
    act(() => room.store.getState().setPaletteOpen(false));
    const reopened = await reopen(room);
    expect(input.isConnected).toBe(false);
    type(reopened, 'assign ops');
    expect(options()).toEqual(['Assign Operations lead to Jane', 'Assign Operations lead to Cam']);
    runFirst(reopened, 'assign ops jane');
    await vi.waitFor(() => expect(roomView(room)?.roles.ops).toEqual(jane));
    expect(room.store.getState().paletteOpen).toBe(false);
    // Jane now holds it: she is not offered it again; Cam holds comms: not offered comms.
    type(await reopen(room), 'assign');
    expect(options()).not.toContain('Assign Operations lead to Jane');
    expect(options()).not.toContain('Assign Communications lead to Cam');
    expect(options()).toContain('Assign Communications lead to Jane');
  });

  it('takes the commander role from whoever declared', async () => {
    const { room, input } = await openPalette({ declaredBy: TEST_PEOPLE.cam });
    type(input, 'take ic');
    expect(options()[0]).toBe('Take Incident commander role');
    fireEvent.keyDown(input, { key: 'Enter' });
    await vi.waitFor(() => expect(roomView(room)?.roles.ic).toEqual(TEST_PEOPLE.me));
    type(await reopen(room), 'take ic');
    expect(options()).not.toContain('Take Incident commander role');
  });

  it('lists taking my usual role first while nobody holds it, and takes it on Enter', async () => {
    const me = { ...TEST_PEOPLE.me, usualRole: 'scribe' as const };
    const { room, input } = await openPalette({ me });
    expect(options()[0]).toBe('Take Scribe role (your usual role)');
    expect(options().filter((title) => title?.startsWith('Take Scribe'))).toHaveLength(1);
    // Listing it takes nothing.
    expect(roomView(room)?.roles.scribe).toBeUndefined();
    fireEvent.keyDown(input, { key: 'Enter' });
    await vi.waitFor(() => expect(roomView(room)?.roles.scribe).toEqual(TEST_PEOPLE.me));
    await reopen(room);
    expect(options()).not.toContain('Take Scribe role (your usual role)');
    expect(options()[0]).toBe('Switch to light theme');
  });

  it('lists no usual-role command when someone else holds the role', async () => {
    const me = { ...TEST_PEOPLE.me, usualRole: 'scribe' as const };
    await openPalette({ me, declare: { roles: { scribe: TEST_PEOPLE.cam } } });
    expect(options().filter((title) => title?.includes('usual role'))).toEqual([]);
    expect(options()[0]).toBe('Switch to light theme');
    // Taking it over from Cam is still there, in its usual place.
    expect(options()).toContain('Take Scribe role');
  });

  it('starts an empty draft from the phase template and shows it, but never replaces text', async () => {
    const { room, input } = await openPalette();
    runFirst(input, 'insert template');
    await vi.waitFor(() =>
      expect(roomView(room)?.status.draft).toMatch(/^\[Investigating\] payments-api:/),
    );
    // The blanks the template left are recorded, so approval refuses them until filled.
    expect(roomView(room)?.status.unfilledPlaceholders).toEqual([
      '[what customers are experiencing]',
    ]);
    expect(room.store.getState().panel).toBe('status');
    expect(room.store.getState().paletteOpen).toBe(false);
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: 'Fixed soon.' });
    });
    // Cam's text reaches this window through the host first (asynchronously, as in the app).
    await vi.waitFor(() => expect(roomView(room)?.status.draft).toBe('Fixed soon.'));
    runFirst(await reopen(room), 'insert template');
    expect(alertText()).toBe(
      'The draft already has text: replace it from the Status update panel, which asks first.',
    );
    expect(roomView(room)?.status.draft).toBe('Fixed soon.');
  });

  it('lets the IC approve and publish in one command each, with nobody asked for a review', async () => {
    const { room, input } = await openPalette();
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: 'Checkout fails.' });
    });
    runFirst(input, 'approve update');
    await vi.waitFor(() => expect(roomView(room)?.status.review).toBe('approved'));
    runFirst(await reopen(room), 'publish update');
    await vi.waitFor(() => expect(roomView(room)?.status.updates.length).toBe(1));
    expect(roomView(room)?.status.updates[0]?.text).toBe('Checkout fails.');
  });

  it('refuses approval to someone who is neither the IC nor the comms lead, and says why', async () => {
    const { room, input } = await openPalette({ declaredBy: TEST_PEOPLE.cam });
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: 'Checkout fails.' });
    });
    await vi.waitFor(() => expect(roomView(room)?.status.draft).toBe('Checkout fails.'));
    runFirst(input, 'approve update');
    expect(alertText()).toBe(
      'Only the incident commander or the comms lead may approve a status update.',
    );
    expect(room.store.getState().paletteOpen).toBe(true);
    expect(roomView(room)?.status.approval).toBeNull();
  });

  it('copies the invite that can edit, and shows the link when the clipboard refuses', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { room, input } = await openPalette();
    type(input, 'copy invite');
    expect(options()).toEqual(['Copy invite (can edit)', 'Copy read-only invite']);
    fireEvent.keyDown(input, { key: 'Enter' });
    await vi.waitFor(() => expect(room.store.getState().paletteOpen).toBe(false));
    expect(writeText).toHaveBeenCalledWith(
      `incident-room://join?relay=ws://relay&room=${room.roomId}&key=write-key`,
    );
    writeText.mockImplementation(() => Promise.reject(new Error('denied')));
    runFirst(await reopen(room), 'copy invite');
    await vi.waitFor(() =>
      expect(alertText()).toBe(
        `The clipboard refused; copy the link by hand: incident-room://join?relay=ws://relay&room=${room.roomId}&key=write-key`,
      ),
    );
    expect(room.store.getState().paletteOpen).toBe(true);
  });

  it('offers nothing that changes the room in a read-only room', async () => {
    const { input } = await openPalette({ access: 'read' });
    for (const query of ['assign', 'take', 'insert template', 'copy invite'])
      expect({ query, found: (type(input, query), options()) }).toEqual({
        query,
        found: query === 'copy invite' ? ['Copy read-only invite'] : [],
      });
  });
});
