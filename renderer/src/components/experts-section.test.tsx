// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { declareIncident } from '../../../shared/ops';
import { App } from '../app';
import { createAppStore } from '../store/app-store';
import { FakeHost } from '../testing/fake-host';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});

async function openRolesTab() {
  const host = new FakeHost();
  const store = createAppStore();
  host.addRoom({ title: 'replica lag', severity: 'SEV2' }, 'write');
  render(<App host={host} store={store} />);
  await screen.findByRole('heading', { name: 'Recent rooms' });
  fireEvent.click(screen.getByRole('button', { name: /^Open room replica lag, / }));
  await screen.findByRole('heading', { name: /Declare the incident/ });
  act(() => {
    store.getState().run(declareIncident, { title: 'replica lag', severity: 'SEV2' });
  });
  await screen.findByRole('heading', { level: 1, name: 'replica lag' });
  fireEvent.click(screen.getByRole('tab', { name: 'Roles' }));
  await screen.findByRole('heading', { name: 'Subject-matter experts' });
  return store;
}

describe('the SME list in the roles panel', () => {
  it('adds a typed name as an SME, moves them to another area and stands them down', async () => {
    const store = await openRolesTab();
    const list = screen.getByRole('list', { name: 'Subject-matter experts' });
    expect(within(list).getByText('No SMEs in the room yet.')).toBeTruthy();

    fireEvent.change(screen.getByRole('combobox', { name: 'SME name' }), {
      target: { value: 'Priya' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'SME area' }), {
      target: { value: 'database' },
    });
    // Enter in the form submits it: no pointer needed.
    fireEvent.submit(screen.getByRole('form', { name: 'Add an SME' }));
    const row = await screen.findByRole('listitem', { name: 'SME Priya, database' });
    expect(store.getState().view?.experts).toMatchObject([
      { id: 'named:priya', name: 'Priya', area: 'database' },
    ]);
    expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'SME name' }).value).toBe('');

    fireEvent.change(within(row).getByRole('textbox', { name: 'New area for Priya' }), {
      target: { value: 'replication' },
    });
    fireEvent.click(within(row).getByRole('button', { name: 'Change area of Priya' }));
    await screen.findByRole('listitem', { name: 'SME Priya, replication' });

    fireEvent.click(screen.getByRole('button', { name: 'Stand down Priya' }));
    await vi.waitFor(() => expect(store.getState().view?.experts).toEqual([]));
    expect(
      store
        .getState()
        .view?.timeline.filter((entry) => entry.ref?.type === 'expert')
        .map((entry) => entry.text),
    ).toEqual([
      'SME joined: Priya (database)',
      'SME Priya: database → replication',
      'SME stood down: Priya (replication)',
    ]);
  });

  it('says why an SME was not added, and adds nothing', async () => {
    const store = await openRolesTab();
    fireEvent.change(screen.getByRole('combobox', { name: 'SME name' }), {
      target: { value: 'Priya' },
    });
    fireEvent.submit(screen.getByRole('form', { name: 'Add an SME' }));
    expect((await screen.findByRole('alert')).textContent).toBe('area: must not be empty');
    expect(store.getState().view?.experts).toEqual([]);
  });
});
