// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { declareIncident, proposeDecision } from '../../../shared/ops';
import { roomRoots } from '../../../shared/doc/roots';
import { App } from '../app';
import { createAppStore } from '../store/app-store';
import { FakeHost } from '../testing/fake-host';
import '../testing/jsdom-dialog';

afterEach(() => {
  cleanup();
  // Each test is a fresh tab: no room to reopen, no remembered theme.
  sessionStorage.clear();
  localStorage.clear();
});

async function openDeclaredRoom() {
  const host = new FakeHost();
  const store = createAppStore();
  const summary = host.addRoom({ title: 'payments-api errors', severity: 'SEV2' }, 'write');
  render(<App host={host} store={store} />);
  await screen.findByRole('heading', { name: 'Recent rooms' });
  fireEvent.click(screen.getByRole('button', { name: /^Open room payments-api errors, / }));
  await screen.findByRole('heading', { name: /Declare the incident/ });
  act(() => {
    store.getState().run(declareIncident, {
      title: 'payments-api errors',
      severity: 'SEV2',
      service: 'payments-api',
    });
  });
  await screen.findByRole('heading', { level: 1, name: 'payments-api errors' });
  return { host, store, summary };
}

describe('the room screen', () => {
  it('logs an entry from the quick-entry bar with the time taken at the first keystroke', async () => {
    const { store } = await openDeclaredRoom();
    const text = screen.getByRole('textbox', { name: 'Entry text' });
    fireEvent.change(text, { target: { value: 'Error rate 12% on checkout' } });
    const time = screen.getByRole('textbox', { name: 'Event time (UTC)' });
    expect((time as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    fireEvent.change(time, { target: { value: '00:01' } });
    fireEvent.keyDown(text, { key: 'Enter' });
    await vi.waitFor(() =>
      expect(
        store.getState().view?.timeline.find((entry) => entry.text === 'Error rate 12% on checkout')
          ?.at,
      ).toMatch(/T00:01:00\.000Z$/),
    );
    expect((text as HTMLTextAreaElement).value).toBe('');
  });

  it('keeps typing in the quick-entry bar local: no store change, so nothing else re-renders', async () => {
    const { store } = await openDeclaredRoom();
    const text = screen.getByRole('textbox', { name: 'Entry text' });
    const changes = vi.fn();
    const unsubscribe = store.subscribe(changes);
    for (const value of ['D', 'DB', 'DB f', 'DB failover', 'DB failover started']) {
      fireEvent.change(text, { target: { value } });
    }
    unsubscribe();
    expect((text as HTMLTextAreaElement).value).toBe('DB failover started');
    expect(changes).not.toHaveBeenCalled();
  });

  it('refuses empty entries and impossible times inline, changing nothing', async () => {
    const { store } = await openDeclaredRoom();
    const count = store.getState().view?.timeline.length;
    fireEvent.click(screen.getByRole('button', { name: 'Log' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringMatching(/empty entries/),
    );
    const text = screen.getByRole('textbox', { name: 'Entry text' });
    fireEvent.change(text, { target: { value: 'Rolled back' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Event time (UTC)' }), {
      target: { value: '25:99' },
    });
    fireEvent.keyDown(text, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/not a real time/);
    fireEvent.change(text, { target: { value: 'x'.repeat(5000) } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Event time (UTC)' }), {
      target: { value: '' },
    });
    fireEvent.keyDown(text, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/limit is 4000/);
    expect(store.getState().view?.timeline.length).toBe(count);
  });

  it('shows pending decisions and disables approval for someone who is not the IC', async () => {
    const { store, host } = await openDeclaredRoom();
    act(() => {
      store.getState().run(proposeDecision, { proposal: 'Roll back payments-api to v2.13' });
    });
    fireEvent.click(screen.getByRole('tab', { name: /Decisions/ }));
    const pending = await screen.findByRole('listitem', {
      name: 'Pending decision: Roll back payments-api to v2.13',
    });
    expect(within(pending).getByRole('button', { name: /Approve/ })).toHaveProperty(
      'disabled',
      false,
    );
    // Hand the IC role to someone else: this person may no longer approve.
    act(() => {
      const doc = host.docs.get(store.getState().roomId!)!;
      roomRoots(doc).roles.set('ic', { id: 'other', name: 'Sam' });
    });
    await vi.waitFor(() =>
      expect(within(pending).getByRole('button', { name: /Approve/ })).toHaveProperty(
        'disabled',
        true,
      ),
    );
    expect(within(pending).getByText(/Waiting for the incident commander \(Sam\)/)).toBeTruthy();
  });

  it('voids a status approval visibly when the draft changes afterwards', async () => {
    const { store } = await openDeclaredRoom();
    fireEvent.click(screen.getByRole('tab', { name: /Status update/ }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'Customer impact' }), {
      target: { value: 'Card payments fail' },
    });
    fireEvent.click(screen.getByRole('button', { name: /Insert investigating template/ }));
    await vi.waitFor(() => expect(store.getState().view?.status.draft).toMatch(/payments-api/));
    // The IC approves in one action (#22).
    fireEvent.click(screen.getByRole('button', { name: 'Approve update' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('status', { name: 'Review state' }).textContent).toMatch(/^Approved/),
    );
    act(() => {
      store.getState().sharedText('statusDraft')!.insert(0, 'UPDATE ');
    });
    await vi.waitFor(() =>
      expect(screen.getByRole('status', { name: 'Review state' }).textContent).toMatch(
        /Approval void/,
      ),
    );
    expect(screen.getByRole('button', { name: 'Publish update' })).toHaveProperty('disabled', true);
  });

  it('reopens the room the tab had open after a reload', async () => {
    const { host, store } = await openDeclaredRoom();
    const roomId = store.getState().roomId;
    cleanup();
    render(<App host={host} store={createAppStore()} />);
    await screen.findByRole('heading', { level: 1, name: 'payments-api errors' });
    expect(roomId).not.toBeNull();
  });

  it('opens the command palette with Ctrl+K and switches the theme from it', async () => {
    await openDeclaredRoom();
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const input = await screen.findByRole('combobox', { name: 'Command' });
    fireEvent.change(input, { target: { value: 'light' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await vi.waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
  });
});
