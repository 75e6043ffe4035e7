import { recordFollowUpIssue } from '../../../shared/ops/follow-up-issues';
import type { OperationContext } from '../../../shared/ops';
import { toIso } from '../../../shared/util/time';
import type { RelayLogger } from '../../logging/logger';
import type { RoomRegistry } from '../../rooms/room-registry';
import type { Delivery } from '../../storage/outbox-store';
import type { OutboundEvent } from '../outbound-event';
import type { DeliveryReceipt } from '../outbound-sender';
import { OUTBOUND_ORIGIN } from '../room-delivery-writer';
import type { FollowUpIssues } from './follow-up-issue-store';

/** Who the room says wrote a tracker's answer into an action item. */
const TRACKER_ACTOR = { id: 'relay-trackers', name: 'Tracker follow-ups' } as const;

/**
 * Writes a follow-up's outcome into its action item (`followUpIssues`) through the shared
 * operation, so everyone sees the issue link, or why the tracker refused. A try that will be
 * retried writes nothing (the item still shows the request). The issue itself is in the relay's
 * table already: a failed write costs the room's view until the item is sent again, never a
 * second issue. Never rejects.
 */
export async function writeFollowUpToRoom(
  registry: RoomRegistry,
  issues: FollowUpIssues,
  logger: RelayLogger,
  delivery: Delivery,
  receipt: DeliveryReceipt,
): Promise<void> {
  if (delivery.eventType !== 'follow-up.created' || receipt.state === 'pending') return;
  // Written by OutboundRoomWatch from an OutboundEvent.
  const event = JSON.parse(delivery.event) as OutboundEvent;
  if (event.data.type !== 'follow-up.created') return;
  const { itemId } = event.data;
  const fields = { room: delivery.roomId, target: delivery.targetId, item: itemId };
  let created;
  try {
    created = await issues.get(delivery.roomId, itemId, delivery.targetId);
  } catch (error) {
    return logger.error({ err: error, ...fields }, 'follow-up issue not written to the room');
  }
  const at = toIso(receipt.at);
  const issue = created
    ? { state: 'created' as const, url: created.url, ref: created.ref, error: null, at }
    : {
        state: 'failed' as const,
        url: null,
        ref: null,
        error: (receipt.lastError ?? 'not created').slice(0, 200),
        at,
      };
  const ctx: OperationContext = {
    actor: { ...TRACKER_ACTOR },
    now: () => receipt.at,
    clockOffsetMs: 0,
    origin: OUTBOUND_ORIGIN,
  };
  try {
    const room = await registry.acquire(delivery.roomId);
    try {
      recordFollowUpIssue(room.doc, ctx, { itemId, targetId: delivery.targetId, issue });
    } finally {
      registry.release(room);
    }
  } catch (error) {
    logger.error({ err: error, ...fields }, 'follow-up issue not written to the room');
  }
}
