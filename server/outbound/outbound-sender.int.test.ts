/** The sender alone, on a real relay database and a loopback receiver. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRoomKeys } from '../auth/room-keys';
import { createRelayLogger } from '../logging/logger';
import { RelayMetrics } from '../metrics/relay-metrics';
import { waitFor } from '../testing/relay-clients';
import { RelayStore } from '../storage/relay-store';
import type { OutboundEvent } from './outbound-event';
import { NO_OUTBOUND, type OutboundConfig } from './outbound-file';
import { sqliteDeliveryOutbox } from './delivery-outbox';
import { OutboundSender } from './outbound-sender';
import { ReceiverPool, SECRET } from './testing/outbound-fixtures';
import type { OutboundReceiver } from './testing/outbound-receiver';

const receivers = new ReceiverPool();
const closing: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
  await receivers.stopAll();
});

function event(id: string): string {
  const data: OutboundEvent = {
    id,
    occurredAt: '2026-03-24T03:00:00.000Z',
    room: { id: 'r1', title: 'T', severity: 'SEV2', phase: 'investigating', statusPage: null },
    data: { type: 'incident.resolved', resolvedAt: null },
  };
  return JSON.stringify(data);
}

/** A store with room r1 and events e1, e2 queued for the receiver's target, and a sender. */
function senderFor(receiver: OutboundReceiver, maxAttempts: number) {
  const store = RelayStore.open(mkdtempSync(join(tmpdir(), 'outbound-sender-')));
  closing.push(() => store.close());
  store.createRoom({ id: 'r1', ...generateRoomKeys(), createdAt: 0 });
  store.appendUpdates([
    {
      roomId: 'r1',
      update: new Uint8Array([0, 0]),
      outbox: ['e1', 'e2'].map((eventId) => ({
        eventId,
        targetId: 'hook',
        targetKind: 'webhook',
        eventType: 'incident.resolved',
        event: event(eventId),
      })),
    },
  ]);
  const config: OutboundConfig = {
    ...NO_OUTBOUND,
    targets: new Map([
      ['hook', { id: 'hook', kind: 'webhook', url: receiver.url(), secrets: [SECRET] }],
    ]),
    delivery: { maxAttempts, initialBackoffMs: 20, maxBackoffMs: 40, timeoutMs: 2_000 },
  };
  const metrics = new RelayMetrics();
  const sender = new OutboundSender({
    store: sqliteDeliveryOutbox(store.outbox),
    config,
    metrics,
    logger: createRelayLogger('silent'),
  });
  closing.push(() => sender.close());
  return { store, sender, metrics };
}

describe('OutboundSender', () => {
  it('fails a delivery after maxAttempts, and then sends the next one of its queue', async () => {
    const receiver = await receivers.start();
    receiver.answer = (request) =>
      request.headers['idempotency-key'] === 'e1' ? { status: 503 } : { status: 200 };
    const { store, sender, metrics } = senderFor(receiver, 3);
    sender.start();
    await waitFor(() => store.outbox.list('delivered', 10).length === 1, 'e2 delivered');
    expect(receiver.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      'e1',
      'e1',
      'e1',
      'e2',
    ]);
    expect(store.outbox.list('failed', 10)).toEqual([
      expect.objectContaining({
        eventId: 'e1',
        attempts: 3,
        lastStatus: 503,
        lastError: 'HTTP 503: not now',
      }),
    ]);
    expect((await metrics.outboundFailed.get()).values[0]?.value).toBe(1);
    expect((await metrics.outboundRetries.get()).values[0]?.value).toBe(2);
  });

  it('pauses a queue whose receipt could not be written, instead of retrying at once', async () => {
    const receiver = await receivers.start();
    const { store, sender } = senderFor(receiver, 10);
    const recordAttempt = store.outbox.recordAttempt.bind(store.outbox);
    let failures = 0;
    store.outbox.recordAttempt = (...args) => {
      if (failures++ === 0) throw new Error('disk I/O error');
      recordAttempt(...args);
    };
    sender.start();
    await waitFor(() => receiver.requests.length === 1, 'the first try');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Without the pause the row is sent again on the next turn (and again while the disk fails).
    expect(receiver.requests).toHaveLength(1);
  });
});
