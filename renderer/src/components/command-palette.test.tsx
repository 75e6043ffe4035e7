// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestStatusReview, setStatusDraft } from '../../../shared/ops';
import { openTestRoom, TEST_PEOPLE } from '../testing/open-test-room';
import '../testing/jsdom-dialog';
import { CommandPalette } from './command-palette';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

async function openPalette() {
  const room = await openTestRoom();
  room.render(<CommandPalette />);
  act(() => room.store.getState().setPaletteOpen(true));
  const input = await screen.findByRole('combobox', { name: 'Command' });
  return { room, input };
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
});
