import type { OutboundDelivery } from '../../../shared/ops/outbound-delivery';
import { utcClock } from '../../../shared/util/utc-time';

function tries(attempts: number): string {
  return `${attempts} ${attempts === 1 ? 'try' : 'tries'}`;
}

/**
 * One target's line under a published update: "slack-ops: delivered 14:03 UTC",
 * "hooks: sending, 2 tries so far, last HTTP 503", "slack-ops: not delivered, 3 tries, HTTP 502".
 */
export function deliveryText(targetId: string, delivery: OutboundDelivery): string {
  switch (delivery.state) {
    case 'delivered':
      return `${targetId}: delivered ${utcClock(delivery.at)} UTC`;
    case 'pending':
      return delivery.attempts === 0
        ? `${targetId}: sending`
        : `${targetId}: sending, ${tries(delivery.attempts)} so far${delivery.lastError ? `, last ${delivery.lastError}` : ''}`;
    case 'failed':
      return `${targetId}: not delivered, ${tries(delivery.attempts)}, ${delivery.lastError ?? 'no answer'}`;
  }
}

/**
 * What the comms lead must know first: the targets the latest update did not reach and the relay
 * gave up on ("slack-ops: last update not delivered, 3 tries, HTTP 502"), one line each.
 */
export function latestUpdateFailures(
  latestUpdateId: string | undefined,
  deliveries: Readonly<Record<string, Readonly<Record<string, OutboundDelivery>>>>,
): string[] {
  if (latestUpdateId === undefined) return [];
  return Object.entries(deliveries[latestUpdateId] ?? {})
    .filter(([, delivery]) => delivery.state === 'failed')
    .map(
      ([targetId, delivery]) =>
        `${targetId}: last update not delivered, ${tries(delivery.attempts)}, ${delivery.lastError ?? 'no answer'}`,
    );
}
