import type { RelayLogger } from '../logging/logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { RoomOutbound } from '../rooms/room';
import type { RoomRegistry } from '../rooms/room-registry';
import type { RelayStore } from '../storage/relay-store';
import type { OutboundConfig } from './outbound-file';
import { OutboundRoomWatch } from './outbound-room-watch';
import { OutboundSender } from './outbound-sender';
import { writeDeliveryToRoom } from './room-delivery-writer';

/** The outbound part of a running relay: what rooms derive, and the sender. */
export interface Outbound {
  /** Given to the room registry; undefined when no target is configured (nothing is derived). */
  readonly rooms: RoomOutbound | undefined;
  /** The registry the sender writes published updates' delivery states through. */
  attach(registry: RoomRegistry): void;
  close(): Promise<void>;
}

/**
 * Starts the sender on whatever the outbox holds from an earlier run, and returns the hook that
 * derives new events as rooms change. Without targets (no `--outbound`) rooms derive nothing; a
 * sender still runs so that rows left by an earlier run with a file end as failed, visibly.
 */
export function startOutbound(
  config: OutboundConfig,
  store: RelayStore,
  metrics: RelayMetrics,
  logger: RelayLogger,
): Outbound {
  let registry: RoomRegistry | null = null;
  const sender = new OutboundSender({
    store: store.outbox,
    config,
    metrics,
    logger,
    onReceipt: (delivery, receipt) => {
      if (registry) writeDeliveryToRoom(registry, logger, delivery, receipt);
    },
  });
  sender.start();
  const rooms: RoomOutbound | undefined =
    config.targets.size === 0
      ? undefined
      : {
          watch: (roomId, doc) => new OutboundRoomWatch(roomId, doc, config),
          stored: () => sender.wake(),
        };
  return {
    rooms,
    attach: (attached) => {
      registry = attached;
    },
    close: () => sender.close(),
  };
}
