import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectRefused } from '../fixtures/expect-refused';
import { ROOT } from '../doc/format';
import type { OperationContext } from './context';
import { readOutboundDeliveries, recordOutboundDelivery } from './outbound-delivery';

const relay: OperationContext = {
  actor: { id: 'relay-outbound', name: 'Outbound delivery' },
  now: () => Date.UTC(2026, 2, 24, 3, 5),
};

const failing = {
  kind: 'slack',
  state: 'pending',
  attempts: 3,
  lastStatus: 502,
  lastError: 'HTTP 502: bad gateway',
  at: '2026-03-24T03:05:00.000Z',
} as const;

describe('recordOutboundDelivery', () => {
  it("keeps each target's latest state per published update", () => {
    const doc = new Y.Doc();
    recordOutboundDelivery(doc, relay, { updateId: 'u-1', targetId: 'chat', delivery: failing });
    recordOutboundDelivery(doc, relay, {
      updateId: 'u-1',
      targetId: 'ops-hook',
      delivery: {
        ...failing,
        kind: 'webhook',
        state: 'delivered',
        attempts: 1,
        lastStatus: 200,
        lastError: null,
      },
    });
    recordOutboundDelivery(doc, relay, {
      updateId: 'u-1',
      targetId: 'chat',
      delivery: { ...failing, state: 'failed', attempts: 4 },
    });
    expect(readOutboundDeliveries(doc)).toEqual({
      'u-1': {
        chat: { ...failing, state: 'failed', attempts: 4 },
        'ops-hook': {
          ...failing,
          kind: 'webhook',
          state: 'delivered',
          attempts: 1,
          lastStatus: 200,
          lastError: null,
        },
      },
    });
  });

  it('refuses bad input and changes nothing', () => {
    const doc = new Y.Doc();
    expectRefused(doc, 'invalid-input', () =>
      recordOutboundDelivery(doc, relay, {
        updateId: 'u-1',
        targetId: '__proto__',
        delivery: failing,
      }),
    );
    expectRefused(doc, 'invalid-input', () =>
      recordOutboundDelivery(doc, relay, {
        updateId: 'u-1',
        targetId: 'chat',
        delivery: { ...failing, state: 'lost' as 'failed' },
      }),
    );
    expect(readOutboundDeliveries(doc)).toEqual({});
  });

  it('drops what a peer wrote that does not fit, keeping the rest', () => {
    const doc = new Y.Doc();
    const root = doc.getMap(ROOT.outboundDeliveries);
    root.set('u-1', { chat: failing, Bad: failing, hook: { ...failing, attempts: -1 } });
    root.set('u-2', 'junk');
    expect(readOutboundDeliveries(doc)).toEqual({ 'u-1': { chat: failing } });
  });

  it('keeps both receipts when two relays record different targets of one update at once', () => {
    // Shared mode: relay A sent the update to Slack while relay B sent it to the webhook.
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    recordOutboundDelivery(a, relay, { updateId: 'u-1', targetId: 'chat', delivery: failing });
    const delivered = { ...failing, kind: 'webhook', state: 'delivered', lastError: null } as const;
    recordOutboundDelivery(b, relay, {
      updateId: 'u-1',
      targetId: 'ops-hook',
      delivery: delivered,
    });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const doc of [a, b]) {
      expect(readOutboundDeliveries(doc)).toEqual({
        'u-1': { chat: failing, 'ops-hook': delivered },
      });
    }
  });

  it('reads what relays wrote before each target had its own key, the newer key winning', () => {
    const doc = new Y.Doc();
    const older = { ...failing, attempts: 1 };
    doc.getMap(ROOT.outboundDeliveries).set('u-1', { chat: older, 'ops-hook': older });
    recordOutboundDelivery(doc, relay, { updateId: 'u-1', targetId: 'chat', delivery: failing });
    expect(readOutboundDeliveries(doc)).toEqual({ 'u-1': { chat: failing, 'ops-hook': older } });
  });
});
