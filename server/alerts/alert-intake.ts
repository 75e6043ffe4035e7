import { randomUUID } from 'node:crypto';
import { alertSourcePersonId } from '../../shared/doc/stand-in';
import type { OperationContext } from '../../shared/ops';
import { generateRoomKeys } from '../auth/room-keys';
import type { EmbeddedRelayContext } from '../relay-context';
import type { Room } from '../rooms/room';
import { OverCapacityError } from '../rooms/room-registry';
import type { AlertSource } from './alert-sources-file';
import { planAlerts, type GroupPlan } from './alert-plan';
import { writeAlertsToRoom } from './alert-room-writer';
import type { NormalizedAlert } from './normalized-alert';

/** What `POST /hooks/<source-id>` answers once everything it did is on disk. */
export interface IntakeAnswer {
  readonly rooms: { id: string; dedupeKey: string; opened: boolean; appended: number }[];
  readonly duplicates: number;
  readonly unrouted: number;
}

export type IntakeResult =
  | { readonly ok: true; readonly answer: IntakeAnswer }
  | { readonly ok: false; readonly status: 503; readonly reason: string };

/**
 * Routes a request's alerts and writes them: one room per (source, dedupe key), found or opened,
 * each new notification an entry in it, the unrouted ones recorded. Everything up to the writes
 * runs in one event-loop turn, so two requests for the same group cannot both open a room.
 * Resolves once every write is on disk, so the 2xx that follows is a promise kept.
 */
export async function takeAlerts(
  context: EmbeddedRelayContext,
  source: AlertSource,
  alerts: readonly NormalizedAlert[],
  receivedAt: number,
): Promise<IntakeResult> {
  const { store, metrics, config, alerts: intake } = context;
  const fresh = newNotifications(context, source.id, alerts);
  const { plans, unrouted } = planAlerts(context, source.id, fresh);
  const toOpen = plans.filter((plan) => plan.roomId === undefined).length;
  if (toOpen > 0 && store.countRooms() + toOpen > config.maxRooms) {
    return {
      ok: false,
      status: 503,
      reason: 'this relay holds as many rooms as it is configured for',
    };
  }
  // A retried unrouted alert is already recorded: it counts as a duplicate, as a routed one does.
  const recorded =
    unrouted.length > 0 ? intake.store.recordUnrouted(source.id, unrouted, receivedAt) : 0;
  const duplicates = alerts.length - fresh.length + (unrouted.length - recorded);

  const written = plans.map((plan) => writeGroup(context, source, plan, receivedAt));
  const failed = await settle(context, written);
  if (recorded > 0) metrics.alerts.inc({ source: source.id, outcome: 'unrouted' }, recorded);
  if (duplicates > 0) metrics.alerts.inc({ source: source.id, outcome: 'duplicate' }, duplicates);
  if (failed) return { ok: false, status: 503, reason: failed };
  for (const { opened, appended } of written) {
    metrics.alerts.inc({ source: source.id, outcome: 'appended' }, appended);
    if (opened) metrics.alertRoomsOpened.inc({ source: source.id });
  }
  return {
    ok: true,
    answer: {
      rooms: written.map(({ id, dedupeKey, opened, appended }) => ({
        id,
        dedupeKey,
        opened,
        appended,
      })),
      duplicates,
      unrouted: recorded,
    },
  };
}

/** The alerts not yet in a room: neither stored, nor on their way to disk, nor repeated here. */
function newNotifications(
  context: EmbeddedRelayContext,
  sourceId: string,
  alerts: readonly NormalizedAlert[],
): NormalizedAlert[] {
  const { store, pendingDeliveries } = context.alerts;
  const seen = new Set<string>();
  return alerts.filter((alert) => {
    const key = `${sourceId}\n${alert.deliveryId}`;
    if (seen.has(key) || pendingDeliveries.has(key)) return false;
    seen.add(key);
    return !store.hasDelivery(sourceId, alert.deliveryId);
  });
}

interface GroupWrite {
  readonly id: string;
  readonly dedupeKey: string;
  readonly opened: boolean;
  readonly appended: number;
  readonly room: Room | null;
  readonly pendingKeys: readonly string[];
  readonly error: string | null;
}

function writeGroup(
  context: EmbeddedRelayContext,
  source: AlertSource,
  plan: GroupPlan,
  receivedAt: number,
): GroupWrite {
  const { alerts: intake, registry, logger } = context;
  const opened = plan.roomId === undefined;
  const id = plan.roomId ?? randomUUID();
  const base = { id, dedupeKey: plan.dedupeKey, opened, appended: 0, room: null, pendingKeys: [] };
  if (opened) {
    // The keys themselves are not kept: team members open the room with the team key.
    const keys = generateRoomKeys();
    intake.store.createAlertRoom(
      {
        id,
        writeKeyVerifier: keys.writeKeyVerifier,
        readKeyVerifier: keys.readKeyVerifier,
        createdAt: receivedAt,
      },
      source.id,
      plan.dedupeKey,
    );
    logger.info(
      { event: 'alert-room-open', room: id, source: source.id },
      'room opened by an alert',
    );
  }
  let room: Room;
  try {
    room = registry.acquireNow(id);
  } catch (error) {
    if (error instanceof OverCapacityError) return { ...base, error: error.message };
    throw error;
  }
  if (room.isFailed) {
    registry.release(room);
    return { ...base, error: 'the room could not be saved; retry later' };
  }
  const ctx: OperationContext = {
    actor: { id: alertSourcePersonId(source.id), name: `${source.id} (${source.kind.kind})` },
    now: () => receivedAt,
    clockOffsetMs: 0,
  };
  try {
    writeAlertsToRoom(room.doc, ctx, {
      sourceId: source.id,
      opening: plan.opening,
      alerts: plan.alerts,
    });
  } catch (error) {
    registry.release(room);
    throw error;
  }
  const pendingKeys = plan.alerts.map((alert) => `${source.id}\n${alert.deliveryId}`);
  for (const key of pendingKeys) intake.pendingDeliveries.add(key);
  return { ...base, appended: plan.alerts.length, room, pendingKeys, error: null };
}

/** Waits until every written room is on disk; the first failure, or null. */
async function settle(
  context: EmbeddedRelayContext,
  writes: readonly GroupWrite[],
): Promise<string | null> {
  let failure: string | null = null;
  await Promise.all(
    writes.map(async (write) => {
      const { room } = write;
      if (room === null) {
        failure ??= write.error;
        return;
      }
      await new Promise<void>((resolve) => room.whenDurable(resolve));
      for (const key of write.pendingKeys) context.alerts.pendingDeliveries.delete(key);
      if (room.isFailed) failure ??= 'the room could not be saved; retry later';
      context.registry.release(room);
    }),
  );
  return failure;
}
