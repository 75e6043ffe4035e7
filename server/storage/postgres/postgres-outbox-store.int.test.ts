/**
 * The shared outbox on a real PostgreSQL: rows stored with their update, claims that several
 * relays' senders make at once on one table, leases, receipts, the list and the side tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimedDelivery, ClaimRequest } from '../../outbound/delivery-outbox';
import { startRealPostgres, type RealPostgres } from '../../testing/real-postgres';
import type { OutboxRow } from '../outbox-store';
import { PostgresFollowUpIssues } from './postgres-follow-up-issues';
import { PostgresOutboxStore } from './postgres-outbox-store';
import { PostgresRoomStore } from './postgres-room-store';

let server: RealPostgres;
let databases = 0;
const stores: PostgresRoomStore[] = [];

beforeAll(async () => {
  server = await startRealPostgres();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close().catch(() => undefined)));
  await server?.destroy();
});

/** `relays` stores (a pool each, as relays have) on one fresh database with rooms `ids`. */
async function relaysSharing(relays: number, ...ids: string[]): Promise<PostgresRoomStore[]> {
  databases += 1;
  const url = await server.createDatabase(`outbox_test_${databases}`);
  const opened: PostgresRoomStore[] = [];
  for (let i = 0; i < relays; i += 1) opened.push(await PostgresRoomStore.open(url));
  stores.push(...opened);
  for (const id of ids) {
    await opened[0]!.createRoom({
      id,
      writeKeyVerifier: Buffer.from(`w-${id}`),
      readKeyVerifier: Buffer.from(`r-${id}`),
      createdAt: 0,
    });
  }
  return opened;
}

function row(eventId: string, targetId: string): OutboxRow {
  return { eventId, targetId, targetKind: 'webhook', eventType: 'room.declared', event: '{}' };
}

const update = new Uint8Array([0, 0]);
const ask = (over: Partial<ClaimRequest> = {}): ClaimRequest => ({
  limit: 8,
  skip: new Set(),
  now: Date.now(),
  leaseMs: 30_000,
  ...over,
});
const receipt = (state: 'pending' | 'delivered' | 'failed', nextAttemptAt = 0) => ({
  state,
  attempts: 1,
  nextAttemptAt,
  lastStatus: state === 'delivered' ? 200 : 503,
  lastError: state === 'delivered' ? null : 'HTTP 503',
  deliveredAt: state === 'delivered' ? Date.now() : null,
});
const names = (claimed: readonly ClaimedDelivery[]) =>
  claimed.map((head) => `${head.roomId}/${head.eventId}/${head.targetId}`).sort();

describe('the shared outbox', () => {
  it('is stored in the transaction of the update that caused it, all or nothing, once per event and target', async () => {
    const [relay] = await relaysSharing(1, 'r1');
    const outbox = new PostgresOutboxStore(relay!.pool);
    await relay!.appendUpdates([
      { roomId: 'r1', update, outbox: [row('e1', 'a'), row('e1', 'a'), row('e1', 'b')] },
    ]);
    await expect(
      relay!.appendUpdates([
        { roomId: 'r1', update, outbox: [row('e2', 'a')] },
        { roomId: 'no-such-room', update, outbox: [row('e3', 'a')] },
      ]),
    ).rejects.toThrow(/no such room/);
    await relay!.appendUpdates([{ roomId: 'r1', update, outbox: [row('e1', 'a')] }]);
    expect(await outbox.pendingCount()).toBe(2);
    expect((await relay!.loadRoomState('r1')).updates).toHaveLength(2);
    expect(names((await outbox.claimDue(ask())).claimed)).toEqual(['r1/e1/a', 'r1/e1/b']);
  });

  it('lets only the head of each (room, target) be claimed, by one sender, until its receipt', async () => {
    const [one, two] = await relaysSharing(2, 'r1', 'r2');
    const [a, b] = [new PostgresOutboxStore(one!.pool), new PostgresOutboxStore(two!.pool)];
    await one!.appendUpdates([
      { roomId: 'r1', update, outbox: [row('e1', 'a'), row('e1', 'b')] },
      { roomId: 'r1', update, outbox: [row('e2', 'a')] },
      { roomId: 'r2', update, outbox: [row('e3', 'a')] },
    ]);
    const first = await a.claimDue(ask({ limit: 2 }));
    expect(names(first.claimed)).toEqual(['r1/e1/a', 'r1/e1/b']);
    // The other relay gets the rest of the heads, and never e2 while e1 is pending.
    expect(names((await b.claimDue(ask())).claimed)).toEqual(['r2/e3/a']);
    expect((await b.claimDue(ask())).claimed).toEqual([]);
    const e1a = first.claimed.find((head) => head.targetId === 'a')!;
    expect(await b.recordAttempt({ ...e1a, claim: 'not-its-claim' }, receipt('delivered'))).toBe(
      false,
    );
    expect(await a.recordAttempt(e1a, receipt('failed'))).toBe(true);
    // A failed head holds nothing: e2 is next.
    expect(names((await b.claimDue(ask())).claimed)).toEqual(['r1/e2/a']);
    expect(await a.pendingCount()).toBe(3);
  });

  it('never gives one row to two of three senders claiming at once, and keeps each queue in order', async () => {
    const relays = await relaysSharing(3, 'r1', 'r2', 'r3', 'r4');
    const rooms = ['r1', 'r2', 'r3', 'r4'];
    for (let n = 0; n < 5; n += 1) {
      await relays[0]!.appendUpdates(
        rooms.map((roomId) => ({
          roomId,
          update,
          outbox: [row(`${roomId}-e${n}`, 'a'), row(`${roomId}-e${n}`, 'b')],
        })),
      );
    }
    const claims: string[] = [];
    const sender = async (outbox: PostgresOutboxStore): Promise<void> => {
      for (let idle = 0; idle < 20;) {
        const { claimed } = await outbox.claimDue(ask({ limit: 3 }));
        if (claimed.length === 0) idle += 1;
        for (const head of claimed) {
          claims.push(`${head.roomId}/${head.targetId}/${head.eventId}`);
          expect(await outbox.recordAttempt(head, receipt('delivered'))).toBe(true);
        }
      }
    };
    await Promise.all(relays.map((relay) => sender(new PostgresOutboxStore(relay.pool))));
    expect(claims).toHaveLength(40);
    expect(new Set(claims).size).toBe(40);
    for (const roomId of rooms) {
      for (const target of ['a', 'b']) {
        const queue = claims.filter((claim) => claim.startsWith(`${roomId}/${target}/`));
        expect(queue).toEqual([0, 1, 2, 3, 4].map((n) => `${roomId}/${target}/${roomId}-e${n}`));
      }
    }
  });

  it("frees a dead sender's claim when its lease runs out, and a released one at once", async () => {
    const [one, two] = await relaysSharing(2, 'r1');
    const [a, b] = [new PostgresOutboxStore(one!.pool), new PostgresOutboxStore(two!.pool)];
    await one!.appendUpdates([{ roomId: 'r1', update, outbox: [row('e1', 'a'), row('e2', 'b')] }]);
    const held = await a.claimDue(ask({ leaseMs: 300 }));
    expect(held.claimed).toHaveLength(2);
    expect((await b.claimDue(ask())).claimed).toEqual([]);
    const e2 = held.claimed.find((head) => head.eventId === 'e2')!;
    await a.release([e2]);
    expect(names((await b.claimDue(ask())).claimed)).toEqual(['r1/e2/b']);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const taken = await b.claimDue(ask());
    expect(names(taken.claimed)).toEqual(['r1/e1/a']);
    // The same row, so the same event id: the resend carries the same Idempotency-Key.
    const e1 = held.claimed.find((head) => head.eventId === 'e1')!;
    expect(taken.claimed[0]).toMatchObject({ seq: e1.seq, event: e1.event, attempts: 0 });
    // The dead sender's late receipt is not written; the new holder's is.
    expect(await a.recordAttempt(e1, receipt('delivered'))).toBe(false);
    expect(await b.recordAttempt(taken.claimed[0]!, receipt('delivered'))).toBe(true);
  });

  it('offers what is due, names when the next one is, and leaves skipped queues alone', async () => {
    const [relay] = await relaysSharing(1, 'r1', 'r2');
    const outbox = new PostgresOutboxStore(relay!.pool);
    await relay!.appendUpdates([
      { roomId: 'r1', update, outbox: [row('e1', 'a')] },
      { roomId: 'r2', update, outbox: [row('e2', 'a')] },
    ]);
    const [e1] = (await outbox.claimDue(ask({ limit: 1 }))).claimed;
    const later = Date.now() + 60_000;
    await outbox.recordAttempt(e1!, receipt('pending', later));
    const { claimed, nextDueAt } = await outbox.claimDue(ask({ skip: new Set(['r2\0a']) }));
    expect(claimed).toEqual([]);
    expect(nextDueAt).toBe(later);
    expect(names((await outbox.claimDue(ask({ now: later }))).claimed).sort()).toEqual([
      'r1/e1/a',
      'r2/e2/a',
    ]);
  });

  it('lists by state newest first, forgets old delivered receipts, keeps the side tables', async () => {
    const [relay] = await relaysSharing(1, 'r1');
    const outbox = new PostgresOutboxStore(relay!.pool);
    await relay!.appendUpdates([
      { roomId: 'r1', update, outbox: [row('e1', 'a'), row('e2', 'b'), row('e3', 'c')] },
    ]);
    const { claimed } = await outbox.claimDue(ask());
    for (const head of claimed) {
      await outbox.recordAttempt(head, receipt(head.eventId === 'e3' ? 'failed' : 'delivered'));
    }
    expect((await outbox.list('delivered', 10)).map((d) => d.eventId)).toEqual(['e2', 'e1']);
    expect(await outbox.list('failed', 10)).toEqual([
      expect.objectContaining({
        eventId: 'e3',
        attempts: 1,
        lastStatus: 503,
        lastError: 'HTTP 503',
      }),
    ]);
    expect(await outbox.forgetDelivered(Date.now() + 1)).toBe(2);
    expect(await outbox.list('delivered', 10)).toEqual([]);
    expect(await outbox.list('failed', 10)).toHaveLength(1);

    expect(await outbox.statuspageIncident('sp', 'r1')).toBeNull();
    await outbox.keepStatuspageIncident('sp', 'r1', 'inc1', 1);
    expect(await outbox.statuspageIncident('sp', 'r1')).toBe('inc1');

    const issues = new PostgresFollowUpIssues(relay!.pool);
    expect(await issues.firstSentAt('r1', 'item', 'gh')).toBeNull();
    await issues.markSent('r1', 'item', 'gh', 5);
    await issues.markSent('r1', 'item', 'gh', 9);
    expect(await issues.firstSentAt('r1', 'item', 'gh')).toBe(5);
    await issues.put('r1', 'item', 'gh', { url: 'https://x/1', ref: '#1' }, 6);
    await issues.put('r1', 'item', 'gh', { url: 'https://x/2', ref: '#2' }, 7);
    expect(await issues.get('r1', 'item', 'gh')).toEqual({ url: 'https://x/1', ref: '#1' });
  });
});
