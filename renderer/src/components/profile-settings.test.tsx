// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestRoom } from '../testing/open-test-room';
import '../testing/jsdom-dialog';
import { ProfileGate } from './profile-gate';
import { ProfileSettings } from './profile-settings';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('naming oneself', () => {
  it('asks an unnamed person first and shows nothing else until they answer', async () => {
    const room = await openTestRoom({ me: { id: 'u-new', name: '' }, declare: false });
    room.render(
      <ProfileGate>
        <p>the app</p>
      </ProfileGate>,
    );
    const form = screen.getByRole('form', { name: 'Your name' });
    expect(screen.queryByText('the app')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Continue' }));
    expect(within(form).getByRole('alert').textContent).toBe(
      'Type your name as teammates know it.',
    );
    fireEvent.change(within(form).getByRole('textbox', { name: 'Your name' }), {
      target: { value: '  Avery ' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('the app')).toBeTruthy();
    expect(room.host.profile.name).toBe('Avery');
  });

  it('renames from Settings, refusing an empty name without changing anything', async () => {
    const room = await openTestRoom({ me: { id: 'u-avery', name: 'Avery' } });
    room.render(<ProfileSettings />);
    fireEvent.click(screen.getByRole('button', { name: 'Settings: you are Avery' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const field = within(dialog).getByRole('textbox', { name: 'Your name' });
    fireEvent.change(field, { target: { value: '   ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByRole('alert').textContent).toBe(
      'Type your name as teammates know it.',
    );
    expect(room.host.profile.name).toBe('Avery');

    fireEvent.change(field, { target: { value: 'Avery Chen' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByRole('button', { name: 'Settings: you are Avery Chen' }),
    ).toBeTruthy();
    // The store takes the new name while the save is still answering; the dialog closes after.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(room.host.profile.name).toBe('Avery Chen');
    expect(room.store.getState().operationContext()?.actor.name).toBe('Avery Chen');
  });

  it('asks for a usual role on the first screen too, none unless one is picked', async () => {
    const room = await openTestRoom({ me: { id: 'u-new', name: '' }, declare: false });
    room.render(
      <ProfileGate>
        <p>the app</p>
      </ProfileGate>,
    );
    const form = screen.getByRole('form', { name: 'Your name' });
    const role = within(form).getByRole<HTMLSelectElement>('combobox', { name: 'Your usual role' });
    expect(within(role).getByRole<HTMLOptionElement>('option', { selected: true }).text).toBe(
      'No usual role',
    );
    expect(
      within(role)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual([
      'No usual role',
      'Incident commander',
      'Operations lead',
      'Communications lead',
      'Scribe',
    ]);
    fireEvent.change(within(form).getByRole('textbox', { name: 'Your name' }), {
      target: { value: 'Avery' },
    });
    fireEvent.change(role, { target: { value: 'scribe' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('the app')).toBeTruthy();
    expect(room.host.profile).toMatchObject({ name: 'Avery', usualRole: 'scribe' });
    expect(room.store.getState().profile?.usualRole).toBe('scribe');
  });

  it('changes only the usual role from Settings, keeping the name', async () => {
    const room = await openTestRoom({ me: { id: 'u-avery', name: 'Avery', usualRole: 'ops' } });
    const saved = vi.spyOn(room.host.api, 'profile.set');
    room.render(<ProfileSettings />);
    fireEvent.click(screen.getByRole('button', { name: 'Settings: you are Avery' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const role = within(dialog).getByRole<HTMLSelectElement>('combobox', {
      name: 'Your usual role',
    });
    expect(role.value).toBe('ops');
    // Nothing changed: nothing is sent.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(saved).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Settings: you are Avery' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Your usual role' }), {
      target: { value: '' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(saved).toHaveBeenCalledExactlyOnceWith({ name: 'Avery', usualRole: null });
    expect(room.host.profile).toMatchObject({ name: 'Avery', usualRole: null });
    expect(room.store.getState().profile?.usualRole).toBeNull();
  });
});
