import { computeMetrics } from '../rules/metrics';
import { stabilizationState } from '../rules/stabilization';
import { statusCadence } from '../rules/status-cadence';
import type { RoomParts } from './room-parts';
import type { RoomSnapshot, StatusView } from './types';

/** The snapshot last assembled, and the parts it was assembled from. */
export interface AssembledRoom {
  parts: RoomParts;
  room: RoomSnapshot;
}

/**
 * The snapshot from its parts, plus what is derived across parts or from the clock. Given the
 * previous assembly, every derived value whose inputs are the same objects (or that comes out
 * equal) is the previous object, so views memoised on identity see no change where none happened.
 */
export function assembleRoom(
  parts: RoomParts,
  nowMs: number,
  previous: AssembledRoom | null = null,
): RoomSnapshot {
  const before = previous?.parts;
  const old = previous?.room;
  const { meta, milestones, timeline, decisions, statusReview, statusUpdates } = parts;
  const phase = meta.phase;
  const lastUpdate = statusUpdates[statusUpdates.length - 1];
  const cadence = statusCadence({
    severity: meta.severity,
    phase: phase?.name ?? null,
    policy: meta.policy,
    lastPublishedAt: lastUpdate?.publishedAt ?? null,
    declaredAt: milestones.declared,
    nowMs,
  });
  const status: StatusView =
    old &&
    before?.statusReview === statusReview &&
    before.statusUpdates === statusUpdates &&
    shallowEqual(old.status.cadence, cadence)
      ? old.status
      : { ...statusReview, updates: statusUpdates, cadence };
  const stabilization = stabilizationState(phase, meta.policy, nowMs);

  return {
    declared: meta.formatVersion !== null,
    formatVersion: meta.formatVersion,
    title: meta.title,
    severity: meta.severity,
    phase: phase?.name ?? null,
    phaseSince: phase?.since ?? null,
    incidentType: meta.incidentType,
    service: meta.service,
    createdAt: meta.createdAt,
    createdBy: meta.createdBy,
    monitoringSince: phase?.name === 'monitoring' ? phase.since : null,
    policy: meta.policy,
    statusPage: meta.statusPage,
    pagedRoles: meta.pagedRoles,
    milestones,
    links: parts.links,
    roles: parts.roles,
    experts: parts.experts,
    timeline,
    pinnedIds:
      old && before?.timeline === timeline
        ? old.pinnedIds
        : timeline.filter((entry) => entry.pinned).map((entry) => entry.id),
    decisions,
    pendingDecisions:
      old && before?.decisions === decisions
        ? old.pendingDecisions
        : decisions.filter((decision) => decision.status === 'proposed'),
    status,
    stabilization:
      old && shallowEqual(old.stabilization, stabilization) ? old.stabilization : stabilization,
    actionItems: parts.actionItems,
    postmortem: parts.postmortem,
    checklist: parts.checklist,
    outboundDeliveries: parts.outboundDeliveries,
    followUpTargets: parts.followUpTargets,
    metrics: old && before?.milestones === milestones ? old.metrics : computeMetrics(milestones),
  };
}

/** For the small flat records derived from the clock (cadence, stabilization). */
function shallowEqual<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a) as Array<keyof T>;
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}
