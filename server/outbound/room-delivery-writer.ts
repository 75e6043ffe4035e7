import { recordOutboundDelivery } from '../../shared/ops/outbound-delivery';
import type { OperationContext } from '../../shared/ops';
import { toIso } from '../../shared/util/time';
import type { RelayLogger } from '../logging/logger';
import type { RoomRegistry } from '../rooms/room-registry';
import type { Delivery } from '../storage/outbox-store';
import type { OutboundEvent } from './outbound-event';
import type { DeliveryReceipt } from './outbound-sender';

/** Transaction origin of the sender's writes, for observers that care where an edit came from. */
export const OUTBOUND_ORIGIN = 'relay:outbound';

/** Who the room says recorded a delivery. */
const OUTBOUND_ACTOR = { id: 'relay-outbound', name: 'Outbound delivery' } as const;

/**
 * Writes a published update's delivery state into its room (`outboundDeliveries`), through the
 * shared operation, after each try: the room then shows "Slack: not delivered, 3 tries, HTTP 502"
 * without asking the relay. Other events are not written: the room already shows them, and
 * their receipts are in the relay's list. The room is loaded for the write if it is not (and
 * unloads again after its grace; in shared mode that load is asynchronous). A failure to write
 * costs the room's view, never the delivery: the outbox row is the record. Never rejects.
 */
export async function writeDeliveryToRoom(
  registry: RoomRegistry,
  logger: RelayLogger,
  delivery: Delivery,
  receipt: DeliveryReceipt,
): Promise<void> {
  if (delivery.eventType !== 'status-update.published') return;
  // Written by OutboundRoomWatch from an OutboundEvent.
  const event = JSON.parse(delivery.event) as OutboundEvent;
  if (event.data.type !== 'status-update.published') return;
  const ctx: OperationContext = {
    actor: { ...OUTBOUND_ACTOR },
    now: () => receipt.at,
    clockOffsetMs: 0,
    origin: OUTBOUND_ORIGIN,
  };
  let room;
  try {
    room = await registry.acquire(delivery.roomId);
  } catch (error) {
    logger.warn(
      { err: error, room: delivery.roomId, target: delivery.targetId },
      'delivery state not written to the room (room not loaded)',
    );
    return;
  }
  try {
    recordOutboundDelivery(room.doc, ctx, {
      updateId: event.data.updateId,
      targetId: delivery.targetId,
      delivery: {
        kind: delivery.targetKind,
        state: receipt.state,
        attempts: receipt.attempts,
        lastStatus: receipt.lastStatus,
        lastError: receipt.lastError?.slice(0, 200) ?? null,
        at: toIso(receipt.at),
      },
    });
  } catch (error) {
    logger.error(
      { err: error, room: delivery.roomId, target: delivery.targetId },
      'delivery state not written to the room',
    );
  } finally {
    registry.release(room);
  }
}
