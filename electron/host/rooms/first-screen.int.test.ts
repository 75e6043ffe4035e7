/**
 * A room's first screen: kept in its SQLite file, bound to the content it describes, answered
 * without loading the room, and never answered once the file holds anything it does not show.
 * Real Host, real room files.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { declareIncident, logEntry, pinEntry } from '../../../shared/ops';
import { readRoom, readRoomPreview } from '../../../shared/read';
import { RoomStore } from '../store/room-store';
import { useHostHarness } from '../testing/host-harness';
import { INTEGRATION_TIMEOUT_MS, waitUntil } from '../testing/test-fixtures';
import { operationContextFor } from './operation-context';

const { newHost } = useHostHarness();
const AVERY = { id: 'u-avery', name: 'Avery' };

async function roomWithEntries(
  host: ReturnType<typeof newHost>['host'],
  entries: number,
): Promise<string> {
  const room = await host.createRoom({ title: 'Checkout 500s' });
  const session = host.openRoom(room.localId);
  const ctx = operationContextFor(session, AVERY);
  declareIncident(session.doc, ctx, { title: 'Checkout 500s', severity: 'SEV1' });
  let first = '';
  for (let i = 0; i < entries; i += 1) {
    const { id } = logEntry(session.doc, ctx, { text: `error rate ${i} %`, kind: 'observation' });
    if (i === 0) first = id;
  }
  pinEntry(session.doc, ctx, { id: first });
  return room.localId;
}

describe('the first screen of a room', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('is kept when the room closes and answered by the next host without loading the room', async () => {
    const person = newHost();
    const localId = await roomWithEntries(person.host, 300);
    const loaded = person.host.openRoom(localId);
    const expected = readRoomPreview(loaded.doc);
    const whole = readRoom(loaded.doc).timeline;
    person.host.close();

    const host = person.reopen();
    const preview = host.firstScreen(localId);
    expect(host.openSessions()).toHaveLength(0);
    expect(preview).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(preview?.timelineTotal).toBe(whole.length);
    expect(preview?.parts.timeline.at(-1)?.text).toBe('error rate 299 %');
    // The pinned entry from the start of the room is there too.
    expect(preview?.parts.timeline.some((entry) => entry.text === 'error rate 0 %')).toBe(true);
  });

  it('is not answered once the file holds a change it does not show, until it is kept again', async () => {
    const person = newHost({ firstScreenDelayMs: 50 });
    const localId = await roomWithEntries(person.host, 20);
    person.host.close();

    // A change lands in the file with no first screen written after it (a host killed right
    // after appending): the kept one describes older content.
    const store = new RoomStore(person.host.roomPath(localId));
    const doc = new Y.Doc();
    const state = store.loadState();
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const update of state.updates) Y.applyUpdate(doc, update);
    const later = new Y.Doc();
    Y.applyUpdate(later, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(later);
    logEntry(later, operationContextStub(), { text: 'late news' });
    store.appendUpdate(Y.encodeStateAsUpdate(later, before), 'remote');
    store.close();

    const host = person.reopen();
    expect(host.firstScreen(localId)).toBeNull();

    // Opening the room keeps a fresh one shortly after, without waiting for a close.
    const session = host.openRoom(localId);
    const live = host.firstScreen(localId);
    expect(live?.parts.timeline.at(-1)?.text).toBe('late news');
    session.close();
    host.close();
    const reopened = person.reopen();
    await waitUntil(() => reopened.firstScreen(localId) !== null, 'the first screen kept at close');
    expect(reopened.firstScreen(localId)?.parts.timeline.at(-1)?.text).toBe('late news');
  });

  it('is rewritten a little after changes, so a host killed later still has a fresh one', async () => {
    const person = newHost({ firstScreenDelayMs: 50 });
    const localId = await roomWithEntries(person.host, 5);
    const session = person.host.openRoom(localId);
    logEntry(session.doc, operationContextFor(session, AVERY), { text: 'failover started' });
    // Read the file as another process would, while the room stays open and unclosed.
    const path = person.host.roomPath(localId);
    await waitUntil(
      () => fileFirstScreenText(path) === 'failover started',
      'the first screen rewritten after the change',
    );
  });
});

function operationContextStub() {
  return { actor: AVERY, now: () => Date.now(), clockOffsetMs: null, offline: false };
}

/** The newest entry of the first screen kept in the file at `path`, if it matches the file. */
function fileFirstScreenText(path: string): string | null {
  const store = new RoomStore(path);
  try {
    const data = store.firstScreenAt(store.contentPosition());
    if (data === null) return null;
    const kept = JSON.parse(data) as { preview: { parts: { timeline: Array<{ text: string }> } } };
    return kept.preview.parts.timeline.at(-1)?.text ?? null;
  } finally {
    store.close();
  }
}
