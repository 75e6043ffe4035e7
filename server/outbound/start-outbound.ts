import type { RelayLogger } from '../logging/logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { RoomOutbound } from '../rooms/room';
import type { RoomRegistry } from '../rooms/room-registry';
import type { DeliveryOutbox } from './delivery-outbox';
import type { OutboundConfig } from './outbound-file';
import { OutboundRoomWatch } from './outbound-room-watch';
import { OutboundSender } from './outbound-sender';
import { writeDeliveryToRoom } from './room-delivery-writer';
import type { FollowUpIssues } from './trackers/follow-up-issue-store';
import { FollowUpTargetOffer } from './trackers/follow-up-target-offer';
import { isTrackerKind } from './trackers/tracker-config';
import { writeFollowUpToRoom } from './trackers/follow-up-room-writer';

/** Where the outbound part keeps its rows: the SQLite file, or PostgreSQL (shared mode). */
export interface OutboundStores {
  readonly outbox: DeliveryOutbox;
  readonly followUps: FollowUpIssues;
}

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
 * derives new events as rooms change. Without targets (no `--outbound`) nothing is derived or
 * sent: rows an earlier run left stay pending, untouched, so a restart that forgot the flag
 * loses nothing; they are sent once the relay runs with the file again. (A file that drops a
 * target fails that target's rows, visibly: see OutboundSender.) In shared mode every relay
 * started with the file runs a sender on the one PostgreSQL outbox.
 */
export function startOutbound(
  config: OutboundConfig,
  stores: OutboundStores,
  metrics: RelayMetrics,
  logger: RelayLogger,
): Outbound {
  if (config.targets.size === 0) {
    // Still counted: rows waiting for a relay with the file are not invisible.
    stores.outbox.pendingCount().then(
      (count) => metrics.outboundPending.set(count),
      (error: unknown) => logger.warn({ err: error }, 'outbound rows could not be counted'),
    );
    return { rooms: undefined, attach: () => undefined, close: () => Promise.resolve() };
  }
  let registry: RoomRegistry | null = null;
  /** Stopping: no receipt loads a room any more (shared mode loads them asynchronously). */
  let closed = false;
  const { followUps } = stores;
  const offer = new FollowUpTargetOffer(
    [...config.targets.values()].flatMap(({ id, kind }) =>
      isTrackerKind(kind) ? [{ id, kind }] : [],
    ),
    logger,
  );
  const sender = new OutboundSender({
    store: stores.outbox,
    config,
    metrics,
    logger,
    followUps,
    onReceipt: (delivery, receipt) => {
      if (!registry || closed) return;
      const failed = (error: unknown): void =>
        logger.error({ err: error, room: delivery.roomId }, 'receipt not written to the room');
      writeDeliveryToRoom(registry, logger, delivery, receipt).catch(failed);
      writeFollowUpToRoom(registry, followUps, logger, delivery, receipt).catch(failed);
    },
  });
  sender.start();
  const rooms: RoomOutbound = {
    watch: (roomId, doc) => {
      const watch = new OutboundRoomWatch(roomId, doc, config);
      offer.check(roomId, doc);
      return {
        outboxRows: (transaction) => {
          const rows = watch.outboxRows(transaction);
          offer.check(roomId, doc);
          return rows;
        },
        storedElsewhere: (transaction) => {
          watch.advance(transaction);
          offer.check(roomId, doc);
        },
      };
    },
    stored: () => sender.wake(),
  };
  return {
    rooms,
    attach: (attached) => {
      registry = attached;
      offer.attach(attached);
    },
    close: () => {
      closed = true;
      return sender.close();
    },
  };
}
