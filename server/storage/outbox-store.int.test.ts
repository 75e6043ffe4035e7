/** The outbox on a real relay database: stored with updates, queue heads, receipts, retention. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRoomKeys } from '../auth/room-keys';
import { DELIVERED_RETENTION_MS, type OutboxRow } from './outbox-store';
import { RelayStore } from './relay-store';

const open: RelayStore[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

function storeWithRooms(...ids: string[]): RelayStore {
  const store = RelayStore.open(mkdtempSync(join(tmpdir(), 'outbox-store-')));
  open.push(store);
  for (const id of ids) store.createRoom({ id, ...generateRoomKeys(), createdAt: 0 });
  return store;
}

function row(eventId: string, targetId: string): OutboxRow {
  return { eventId, targetId, targetKind: 'webhook', eventType: 'room.declared', event: '{}' };
}

const receipt = (state: 'delivered' | 'failed', at: number) => ({
  state,
  attempts: 1,
  nextAttemptAt: at,
  lastStatus: state === 'delivered' ? 200 : 400,
  lastError: state === 'delivered' ? null : 'HTTP 400',
  deliveredAt: state === 'delivered' ? at : null,
});

describe('the outbox', () => {
  it('is stored with the update that caused it, all or nothing', () => {
    const store = storeWithRooms('r1');
    store.appendUpdates([
      { roomId: 'r1', update: new Uint8Array([0, 0]), outbox: [row('e1', 'a')] },
    ]);
    expect(() =>
      store.appendUpdates([
        { roomId: 'r1', update: new Uint8Array([0, 0]), outbox: [row('e2', 'a')] },
        { roomId: 'no-such-room', update: new Uint8Array([0, 0]), outbox: [row('e3', 'a')] },
      ]),
    ).toThrow();
    expect(store.outbox.queueHeads().map((head) => head.eventId)).toEqual(['e1']);
    expect(store.loadRoomState('r1').updates).toHaveLength(1);
  });

  it('offers only the oldest pending row of each (room, target), and a failed one holds nothing', () => {
    const store = storeWithRooms('r1', 'r2');
    store.appendUpdates([
      { roomId: 'r1', update: new Uint8Array([0, 0]), outbox: [row('e1', 'a'), row('e1', 'b')] },
      { roomId: 'r1', update: new Uint8Array([0, 0]), outbox: [row('e2', 'a'), row('e2', 'b')] },
      { roomId: 'r2', update: new Uint8Array([0, 0]), outbox: [row('e3', 'a'), row('e3', 'a')] },
    ]);
    const heads = () => store.outbox.queueHeads().map((head) => `${head.eventId}/${head.targetId}`);
    expect(heads().sort()).toEqual(['e1/a', 'e1/b', 'e3/a']);
    const first = store.outbox
      .queueHeads()
      .find((head) => head.targetId === 'a' && head.roomId === 'r1')!;
    store.outbox.recordAttempt(first.seq, receipt('failed', 5));
    expect(heads().sort()).toEqual(['e1/b', 'e2/a', 'e3/a']);
    expect(store.outbox.list('failed', 10).map((failed) => failed.eventId)).toEqual(['e1']);
    expect(store.outbox.pendingCount()).toBe(4);
  });

  it('forgets delivered receipts past the retention, never failed or pending ones', () => {
    const store = storeWithRooms('r1');
    const now = Date.parse('2026-12-07T12:00:00Z');
    store.appendUpdates([
      {
        roomId: 'r1',
        update: new Uint8Array([0, 0]),
        outbox: [row('old', 'a'), row('new', 'b'), row('failed', 'c'), row('pending', 'd')],
      },
    ]);
    const seqOf = (id: string) =>
      store.outbox.queueHeads().find((head) => head.eventId === id)!.seq;
    const old = now - DELIVERED_RETENTION_MS - 1;
    store.outbox.recordAttempt(seqOf('old'), receipt('delivered', old));
    store.outbox.recordAttempt(seqOf('new'), receipt('delivered', now));
    store.outbox.recordAttempt(seqOf('failed'), receipt('failed', old));
    expect(store.outbox.forgetDelivered(now - DELIVERED_RETENTION_MS)).toBe(1);
    expect(store.outbox.list('delivered', 10).map((row) => row.eventId)).toEqual(['new']);
    expect(store.outbox.list('failed', 10)).toHaveLength(1);
    expect(store.outbox.pendingCount()).toBe(1);
  });
});
