// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { declaredTestRoom } from '../../../shared/fixtures';
import { logEntry } from '../../../shared/ops';
import { PREVIEW_TAIL_ENTRIES, readRoom } from '../../../shared/read';
import { App } from '../app';
import { createAppStore } from '../store/app-store';
import { FakeHost } from '../testing/fake-host';
import '../testing/jsdom-dialog';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});

const ENTRIES = 250;

/** A host holding a declared room with many entries, whose full open waits for `release`. */
function hostWithBigRoom(entries = ENTRIES) {
  const host = new FakeHost();
  const summary = host.addRoom({ title: 'checkout-api 500s', severity: 'SEV1' }, 'write');
  const room = declaredTestRoom({ title: 'checkout-api 500s' });
  for (let i = 0; i < entries; i += 1) {
    room.clock.advanceMinutes(0.1);
    logEntry(room.doc, room.scribe, { text: `entry number ${i}`, kind: 'observation' });
  }
  Y.applyUpdate(host.docs.get(summary.id)!, Y.encodeStateAsUpdate(room.doc));
  let release = () => {};
  host.holdOpen = new Promise<void>((resolve) => (release = resolve));
  // The declaration writes entries of its own (the declaration, the roles given).
  const whole = readRoom(room.doc).timeline.length;
  return { host, summary, release, whole };
}

async function openBigRoom(host: FakeHost) {
  const store = createAppStore();
  render(<App host={host} store={store} />);
  await screen.findByRole('heading', { name: 'Recent rooms' });
  fireEvent.click(screen.getByRole('button', { name: /^Open room checkout-api 500s, / }));
  return store;
}

describe('opening a big room', () => {
  it('paints the newest entries first, read-only, then the whole room once it has synced', async () => {
    const { host, release, whole } = hostWithBigRoom();
    const store = await openBigRoom(host);

    // The preview: the newest entries, the count of the whole timeline, nothing writable yet.
    const feed = await screen.findByRole('feed', { name: 'Timeline entries' });
    await screen.findByText(
      `Showing ${PREVIEW_TAIL_ENTRIES} of ${whole} entries; loading the rest…`,
    );
    expect(feed.getAttribute('aria-busy')).toBe('true');
    expect(store.getState().room).toBeNull();
    expect(store.getState().view?.timeline.at(-1)?.text).toBe(`entry number ${ENTRIES - 1}`);
    // The scribe can start typing (the event time is taken now); logging waits for the room.
    const text = screen.getByRole('textbox', { name: 'Entry text' });
    fireEvent.change(text, { target: { value: 'Rolled back checkout-api' } });
    expect(screen.getByRole('button', { name: 'Log' })).toHaveProperty('disabled', true);
    fireEvent.keyDown(text, { key: 'Enter' });
    await screen.findByText(/The room is still opening; your entry is kept here/);
    expect((text as HTMLTextAreaElement).value).toBe('Rolled back checkout-api');

    // The replica syncs: every entry, and the room can be written.
    await releaseOpen(host, release);
    await screen.findByText(`${whole} entries`);
    expect(feed.getAttribute('aria-busy')).toBe('false');
    expect(store.getState().view?.timeline).toHaveLength(whole);
    expect(store.getState().previewTotal).toBeNull();
    expect(screen.getByRole('button', { name: 'Log' })).toHaveProperty('disabled', false);
    fireEvent.keyDown(text, { key: 'Enter' });
    await screen.findByText(`${whole + 1} entries`);
    expect(store.getState().view?.timeline.at(-1)?.text).toBe('Rolled back checkout-api');
  });

  it('opens the slow way, without a preview, when the host has none kept', async () => {
    const room = hostWithBigRoom();
    room.host.keepsPreviews = false;
    await expectOpensWithoutPreview(room);
  });

  it('opens a room whose whole timeline fits in a preview without one: its controls never go dead', async () => {
    await expectOpensWithoutPreview(hostWithBigRoom(20));
  });
});

/** Nothing but "Opening the room…" until the replica has synced, then the whole room. */
async function expectOpensWithoutPreview(room: ReturnType<typeof hostWithBigRoom>) {
  const store = await openBigRoom(room.host);
  await screen.findByText('Opening the room…');
  expect(store.getState().view).toBeNull();
  await releaseOpen(room.host, room.release);
  await screen.findByText(`${room.whole} entries`);
}

async function releaseOpen(host: FakeHost, release: () => void) {
  await act(async () => {
    release();
    await host.holdOpen;
  });
}
