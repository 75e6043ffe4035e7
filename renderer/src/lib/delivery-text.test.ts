import { describe, expect, it } from 'vitest';
import type { OutboundDelivery } from '../../../shared/ops/outbound-delivery';
import { deliveryText, latestUpdateFailures } from './delivery-text';

const AT = '2026-03-24T03:04:05.000Z';
const delivery = (patch: Partial<OutboundDelivery>): OutboundDelivery => ({
  kind: 'slack',
  state: 'delivered',
  attempts: 1,
  lastStatus: 200,
  lastError: null,
  at: AT,
  ...patch,
});

describe('delivery text', () => {
  it('says where an update arrived, is still being sent, or was given up on', () => {
    expect(deliveryText('slack-ops', delivery({}))).toBe('slack-ops: delivered 03:04 UTC');
    expect(deliveryText('hooks', delivery({ state: 'pending', attempts: 0 }))).toBe(
      'hooks: sending',
    );
    expect(
      deliveryText('hooks', delivery({ state: 'pending', attempts: 2, lastError: 'HTTP 503' })),
    ).toBe('hooks: sending, 2 tries so far, last HTTP 503');
    expect(
      deliveryText('slack-ops', delivery({ state: 'failed', attempts: 3, lastError: 'HTTP 502' })),
    ).toBe('slack-ops: not delivered, 3 tries, HTTP 502');
    expect(deliveryText('x', delivery({ state: 'failed', attempts: 1, lastError: null }))).toBe(
      'x: not delivered, 1 try, no answer',
    );
  });

  it('lists only the latest update’s given-up targets', () => {
    const deliveries = {
      old: { slack: delivery({ state: 'failed', attempts: 5, lastError: 'HTTP 500' }) },
      latest: {
        slack: delivery({ state: 'failed', attempts: 3, lastError: 'HTTP 502' }),
        hooks: delivery({}),
      },
    };
    expect(latestUpdateFailures('latest', deliveries)).toEqual([
      'slack: last update not delivered, 3 tries, HTTP 502',
    ]);
    expect(latestUpdateFailures(undefined, deliveries)).toEqual([]);
    expect(latestUpdateFailures('none', deliveries)).toEqual([]);
  });
});
