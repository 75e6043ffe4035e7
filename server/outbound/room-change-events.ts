import { createHash, randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { ROLES, type Role } from '../../shared/doc/enums';
import type { RoomRoots } from '../../shared/doc/roots';
import type { Person, StatusUpdateSnapshot } from '../../shared/doc/types';
import {
  readMeta,
  readMilestones,
  readRoles,
  readStatusUpdates,
  type MetaPart,
} from '../../shared/read/room-parts';
import { statusCadence } from '../../shared/rules/status-cadence';
import { isoToMs } from '../../shared/util/time';
import type {
  OutboundBriefing,
  OutboundEvent,
  OutboundEventData,
  OutboundPerson,
  OutboundRoom,
} from './outbound-event';
import {
  followUpEvents,
  readFollowUpRequestTimes,
  type FollowUpRequestTimes,
} from './trackers/follow-up-events';

/** What the events are derived from: a room's state before and after a stored change. */
export interface WatchedRoomState {
  readonly meta: MetaPart;
  readonly roles: Partial<Record<Role, Person>>;
  readonly updates: readonly StatusUpdateSnapshot[];
  readonly followUps: FollowUpRequestTimes;
}

/** The roots the events depend on; a change touching none of them causes no event. */
export function watchedRoots(roots: RoomRoots): readonly (Y.Map<unknown> | Y.Array<unknown>)[] {
  return [roots.meta, roots.roles, roots.statusUpdates, roots.actionItems];
}

export function readWatchedState(roots: RoomRoots): WatchedRoomState {
  return {
    meta: readMeta(roots),
    roles: readRoles(roots),
    updates: readStatusUpdates(roots),
    followUps: readFollowUpRequestTimes(roots),
  };
}

/**
 * The events between two states of a room, in the order a reader expects them: declared, the
 * severity, role handovers, each newly published update (in publishing order), resolved. A room
 * declared in this change (an offline room arriving at once, say) announces its severity and
 * roles in `room.declared` rather than as changes. A published update is identified by its id, so
 * an update already known never causes a second event, however often it is synced.
 */
export function roomChangeEvents(
  roomId: string,
  before: WatchedRoomState,
  after: WatchedRoomState,
  roots: RoomRoots,
  occurredAt: string,
): OutboundEvent[] {
  const wasDeclared = before.meta.formatVersion !== null;
  if (after.meta.formatVersion === null) return [];
  const data: OutboundEventData[] = [];
  if (!wasDeclared) {
    const roles: Partial<Record<Role, OutboundPerson>> = {};
    for (const [role, holder] of Object.entries(after.roles) as [Role, Person][]) {
      roles[role] = { id: holder.id, name: holder.name };
    }
    data.push({ type: 'room.declared', declaredBy: person(after.meta.createdBy), roles });
  } else {
    if (before.meta.severity !== after.meta.severity) {
      data.push({ type: 'severity.changed', from: before.meta.severity, to: after.meta.severity });
    }
    for (const role of ROLES) {
      const from = before.roles[role] ?? null;
      const to = after.roles[role] ?? null;
      if (from?.id !== to?.id) data.push({ type: 'role.handed-over', role, from, to });
    }
  }
  const known = new Set(before.updates.map((update) => update.id));
  for (const update of after.updates) {
    if (known.has(update.id)) continue;
    data.push({
      type: 'status-update.published',
      updateId: update.id,
      text: update.text,
      phase: update.phase,
      publishedAt: update.publishedAt,
      publishedBy: { id: update.publishedBy.id, name: update.publishedBy.name },
    });
  }
  const wasResolved = before.meta.phase?.name === 'resolved';
  if (after.meta.phase?.name === 'resolved' && !wasResolved) {
    data.push({ type: 'incident.resolved', resolvedAt: readMilestones(roots).resolved });
  }
  data.push(...followUpEvents(before.followUps, after.followUps, roots));
  const room: OutboundRoom = {
    id: roomId,
    title: after.meta.title,
    severity: after.meta.severity,
    phase: after.meta.phase?.name ?? null,
    statusPage: after.meta.statusPage?.pageId ?? null,
  };
  const briefing = briefingOf(after, roots, occurredAt);
  return data.map((item) => ({
    id: eventId(roomId, item),
    occurredAt,
    room,
    data: item,
    briefing,
  }));
}

/** The management summary's facts, as they are after the change. */
function briefingOf(
  after: WatchedRoomState,
  roots: RoomRoots,
  occurredAt: string,
): OutboundBriefing {
  const milestones = readMilestones(roots);
  const cadence = statusCadence({
    severity: after.meta.severity,
    phase: after.meta.phase?.name ?? null,
    policy: after.meta.policy,
    lastPublishedAt: after.updates.at(-1)?.publishedAt ?? null,
    declaredAt: milestones.declared,
    nowMs: isoToMs(occurredAt) ?? 0,
  });
  return {
    components: after.meta.statusPage?.componentIds ?? [],
    service: after.meta.service,
    impactStartedAt: milestones.impactStarted,
    nextUpdateAt: cadence.nextDueAt,
  };
}

/**
 * A published update's event id is derived from the room and the update id, so even two
 * derivations of it (there should be none) share one id, one idempotency key and one outbox
 * row per target. Other events are made once, when their change is stored.
 */
function eventId(roomId: string, data: OutboundEventData): string {
  if (data.type !== 'status-update.published') return randomUUID();
  const hex = createHash('sha256')
    .update(`${roomId}\0${data.type}\0${data.updateId}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function person(value: Person | null): OutboundPerson | null {
  return value ? { id: value.id, name: value.name } : null;
}
