import { randomUUID } from 'node:crypto';
import { alertSourcePersonId } from '../../shared/doc/stand-in';
import type { OperationContext } from '../../shared/ops';
import { generateRoomKeys } from '../auth/room-keys';
import type { RelayContext } from '../relay-context';
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
 * each new notification an entry in it, the unrouted ones recorded. The request holds its groups
 * from the first read to the last durable write (`withGroups`: in this process, and on every
 * relay in shared mode), so two requests for the same group cannot both open a room, and a
 * sender's retry waits for the first attempt and finds its entries. Resolves once every write is
 * stored, so the 2xx that follows is a promise kept.
 */
export function takeAlerts(
  context: RelayContext,
  source: AlertSource,
  alerts: readonly NormalizedAlert[],
  receivedAt: number,
): Promise<IntakeResult> {
  const groups = [...new Set(alerts.map((alert) => `${source.id}\n${alert.dedupeKey}`))];
  return context.alerts.store.withGroups(groups, () =>
    takeHeldAlerts(context, source, alerts, receivedAt),
  );
}

async function takeHeldAlerts(
  context: RelayContext,
  source: AlertSource,
  alerts: readonly NormalizedAlert[],
  receivedAt: number,
): Promise<IntakeResult> {
  const { metrics, config, alerts: intake } = context;
  const fresh = await newNotifications(context, source.id, alerts);
  const { plans, unrouted } = await planAlerts(context, source.id, fresh);
  const toOpen = plans.filter((plan) => plan.roomId === undefined).length;
  if (toOpen > 0 && (await context.rooms.countRooms()) + toOpen > config.maxRooms) {
    return {
      ok: false,
      status: 503,
      reason: 'this relay holds as many rooms as it is configured for',
    };
  }
  // A retried unrouted alert is already recorded: it counts as a duplicate, as a routed one does.
  const recorded =
    unrouted.length > 0 ? await intake.store.recordUnrouted(source.id, unrouted, receivedAt) : 0;
  const duplicates = alerts.length - fresh.length + (unrouted.length - recorded);

  const written: GroupWrite[] = [];
  for (const plan of plans) written.push(await writeGroup(context, source, plan, receivedAt));
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

/** The alerts not yet in a room: neither stored nor repeated within this request. */
async function newNotifications(
  context: RelayContext,
  sourceId: string,
  alerts: readonly NormalizedAlert[],
): Promise<NormalizedAlert[]> {
  const seen = new Set<string>();
  const unique = alerts.filter((alert) => {
    if (seen.has(alert.deliveryId)) return false;
    seen.add(alert.deliveryId);
    return true;
  });
  const held = await context.alerts.store.heldDeliveries(
    sourceId,
    unique.map((alert) => alert.deliveryId),
  );
  return unique.filter((alert) => !held.has(alert.deliveryId));
}

interface GroupWrite {
  readonly id: string;
  readonly dedupeKey: string;
  readonly opened: boolean;
  readonly appended: number;
  readonly room: Room | null;
  readonly error: string | null;
}

async function writeGroup(
  context: RelayContext,
  source: AlertSource,
  plan: GroupPlan,
  receivedAt: number,
): Promise<GroupWrite> {
  const { alerts: intake, registry, logger } = context;
  const opened = plan.roomId === undefined;
  const id = plan.roomId ?? randomUUID();
  const base = { id, dedupeKey: plan.dedupeKey, opened, appended: 0, room: null };
  if (opened) {
    // The keys themselves are not kept: team members open the room with the team key.
    const keys = generateRoomKeys();
    await intake.store.createAlertRoom(
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
    room = await registry.acquire(id);
  } catch (error) {
    if (error instanceof OverCapacityError) return { ...base, error: error.message };
    // Shared mode: PostgreSQL is away. Nothing of this group was written; the sender retries.
    logger.error({ err: error, room: id }, 'alert room could not be loaded');
    return { ...base, error: 'the room could not be loaded; retry later' };
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
  return { ...base, appended: plan.alerts.length, room, error: null };
}

/** Waits until every written room is on disk; the first failure, or null. */
async function settle(
  context: RelayContext,
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
      if (room.isFailed) failure ??= 'the room could not be saved; retry later';
      context.registry.release(room);
    }),
  );
  return failure;
}
