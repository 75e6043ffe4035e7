import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import {
  declareIncident,
  logEntry,
  pinEntry,
  proposeDecision,
  approveDecision,
  assignRole,
} from '../../../shared/ops';
import { ScriptedClock } from '../../../shared/fixtures/scripted-clock';
import { RoomReader } from '../../../shared/read';
import { FakeHost } from '../testing/fake-host';
import { createAppStore } from './app-store';

async function storeInRoom() {
  const host = new FakeHost();
  const store = createAppStore();
  store.getState().attachHost(host);
  await vi.waitFor(() => expect(store.getState().profile).not.toBeNull());
  const room = host.addRoom({ title: 'Checkout errors', severity: 'SEV2' });
  await store.getState().enterRoom(room.id);
  return { host, store, roomId: room.id };
}

describe('the app store', () => {
  it('derives the room view from the replica after each operation', async () => {
    const { store } = await storeInRoom();
    expect(store.getState().view?.declared).toBe(false);
    expect(
      store.getState().run(declareIncident, { title: 'Checkout errors', severity: 'SEV1' }).ok,
    ).toBe(true);
    expect(
      store
        .getState()
        .run(logEntry, { text: 'p99 latency 4s on payments-api', kind: 'observation' }).ok,
    ).toBe(true);
    await vi.waitFor(() =>
      expect(store.getState().view?.timeline.map((entry) => entry.kind)).toContain('observation'),
    );
    expect(store.getState().view?.roles.ic?.name).toBe('Dana (IC)');
  });

  it('reports a refused operation as a sentence and changes nothing', async () => {
    const { store } = await storeInRoom();
    store.getState().run(declareIncident, { title: 'x', severity: 'SEV2' });
    const doc = store.getState().room!.doc;
    const before = Y.encodeStateVector(doc);
    const result = store.getState().run(logEntry, { text: '   ' });
    expect(result).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('lets only the IC approve a decision', async () => {
    const { store } = await storeInRoom();
    store.getState().run(declareIncident, { title: 'x', severity: 'SEV2' });
    store.getState().run(assignRole, { role: 'ic', person: { id: 'someone-else', name: 'Sam' } });
    const proposed = store.getState().run(proposeDecision, { proposal: 'Roll back to v2.13' });
    if (!proposed.ok) throw new Error(proposed.error);
    const approval = store.getState().run(approveDecision, { id: proposed.value.id });
    expect(approval).toMatchObject({ ok: false, code: 'not-incident-commander' });
  });

  it('keeps connection status and presence per room from host events', async () => {
    const { store, host, roomId } = await storeInRoom();
    host.emit({
      type: 'room-status',
      status: host.status(roomId, { connection: 'offline', pendingToRelay: 2 }),
    });
    host.emit({
      type: 'presence',
      roomId,
      peers: [
        {
          clientId: 1,
          userId: 'ana',
          name: 'Ana',
          role: 'scribe',
          colour: '#f00',
          editing: null,
          self: false,
        },
      ],
    });
    expect(store.getState().statusByRoom[roomId]?.pendingToRelay).toBe(2);
    expect(store.getState().presenceByRoom[roomId]?.[0]?.name).toBe('Ana');
    expect(store.getState().operationContext()?.offline).toBe(true);
  });

  it('corrects its clock by the measured offset to the relay', async () => {
    const { store, host, roomId } = await storeInRoom();
    host.emit({ type: 'room-status', status: host.status(roomId, { clockOffsetMs: 60_000 }) });
    const ctx = store.getState().operationContext();
    expect(Math.abs(Date.now() - 60_000 - (ctx?.now() ?? 0))).toBeLessThan(1000);
    expect(ctx?.clockOffsetMs).toBe(60_000);
  });

  it('reads a room once on opening, then once per burst, re-creating only what changed', async () => {
    const host = new FakeHost();
    const store = createAppStore();
    store.getState().attachHost(host);
    await vi.waitFor(() => expect(store.getState().profile).not.toBeNull());
    const summary = host.addRoom({ title: 'Busy room', severity: 'SEV2' });
    const hostDoc = host.docs.get(summary.id)!;
    const remote = new ScriptedClock('2026-03-24T02:47:00.000Z').as({ id: 'ana', name: 'Ana' });
    declareIncident(hostDoc, remote, { title: 'Busy room', severity: 'SEV2' });
    for (let n = 0; n < 200; n++) logEntry(hostDoc, remote, { text: `entry ${n}` });
    const reads = vi.spyOn(RoomReader.prototype, 'read');

    await store.getState().enterRoom(summary.id);
    expect(reads).toHaveBeenCalledTimes(1);
    const opened = store.getState().view!;
    const logged = opened.timeline.length;
    expect(logged).toBeGreaterThan(200);

    // A burst of remote updates in one task (a sync catching up) is one read, not twenty.
    for (let n = 0; n < 20; n++) logEntry(hostDoc, remote, { text: `burst ${n}` });
    await vi.waitFor(() => expect(store.getState().view?.timeline).toHaveLength(logged + 20));
    expect(reads).toHaveBeenCalledTimes(2);

    const before = store.getState().view!;
    const target = before.timeline[100]!;
    expect(store.getState().run(pinEntry, { id: target.id }).ok).toBe(true);
    await vi.waitFor(() => expect(store.getState().view?.pinnedIds).toEqual([target.id]));
    const after = store.getState().view!;
    const changed = after.timeline.filter((entry, index) => entry !== before.timeline[index]);
    expect(changed.map((entry) => entry.id)).toEqual([target.id]);
    expect(after.decisions).toBe(before.decisions);
    expect(after.roles).toBe(before.roles);
    expect(after.checklist).toBe(before.checklist);
    reads.mockRestore();
  });
});
