import * as Y from 'yjs';
import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  ENTRY_KINDS,
  MILESTONES,
  POSTMORTEM_FIELDS,
  ROLES,
  SEVERITIES,
  isOneOf,
  type MilestoneName,
  type PostmortemField,
  type Role,
} from '../doc/enums';
import { CHECKLIST_ITEM_ID_PATTERN, LINK_KEY_PATTERN, LINK_URL_PATTERN } from '../doc/keys';
import { postmortemText, roomRoots, type RoomRoots } from '../doc/roots';
import {
  asAuthor,
  asIso,
  asPerson,
  asPhaseState,
  asPolicy,
  asStamp,
  asStatusApproval,
  asString,
  isRecord,
} from '../doc/shapes';
import type {
  ChecklistMark,
  EntryRef,
  EntryRevision,
  LinkValue,
  Person,
  StatusUpdateSnapshot,
} from '../doc/types';
import { computeMetrics } from '../rules/metrics';
import { stabilizationState } from '../rules/stabilization';
import { statusCadence } from '../rules/status-cadence';
import { compareTimelineEntries } from './timeline-order';
import type {
  ActionItemView,
  DecisionView,
  RoomSnapshot,
  StatusReviewState,
  StatusView,
  TimelineEntryView,
} from './types';

export interface ReadRoomOptions {
  /** The clock for "overdue" and stabilization; defaults to Date.now(). */
  now?: number;
}

/**
 * A plain, typed snapshot of the room for views, exports and tests. Deterministic for a given
 * document state and `now`: two converged replicas give deep-equal snapshots. Values that do not
 * fit the format (written by a misbehaving peer) are skipped, never thrown on.
 */
export function readRoom(doc: Y.Doc, options: ReadRoomOptions = {}): RoomSnapshot {
  const nowMs = options.now ?? Date.now();
  const roots = roomRoots(doc);
  const meta = roots.meta;
  const phase = asPhaseState(meta.get('phase'));
  const policy = asPolicy(meta.get('policy'));
  const severityValue = meta.get('severity');
  const severity = isOneOf(SEVERITIES, severityValue) ? severityValue : null;
  const milestones = readMilestones(roots);
  const formatVersion = meta.get('formatVersion');
  const timeline = readTimeline(roots);
  const decisions = readDecisions(roots);
  const updates = readStatusUpdates(roots);
  const lastUpdate = updates[updates.length - 1];

  const status: StatusView = {
    ...readStatusReview(roots),
    updates,
    cadence: statusCadence({
      severity,
      phase: phase?.name ?? null,
      policy,
      lastPublishedAt: lastUpdate?.publishedAt ?? null,
      declaredAt: milestones.declared,
      nowMs,
    }),
  };

  return {
    declared: typeof formatVersion === 'number',
    formatVersion: typeof formatVersion === 'number' ? formatVersion : null,
    title: asString(meta.get('title')),
    severity,
    phase: phase?.name ?? null,
    phaseSince: phase?.since ?? null,
    incidentType: asString(meta.get('incidentType')),
    service: asString(meta.get('service')),
    createdAt: asIso(meta.get('createdAt')),
    createdBy: asPerson(meta.get('createdBy')),
    monitoringSince: phase?.name === 'monitoring' ? phase.since : null,
    policy,
    milestones,
    links: readLinks(roots),
    roles: readRoles(roots),
    timeline,
    pinnedIds: timeline.filter((entry) => entry.pinned).map((entry) => entry.id),
    decisions,
    pendingDecisions: decisions.filter((decision) => decision.status === 'proposed'),
    status,
    stabilization: stabilizationState(phase, policy, nowMs),
    actionItems: readActionItems(roots),
    postmortem: readPostmortem(doc),
    checklist: readChecklist(roots),
    metrics: computeMetrics(milestones),
  };
}

function readMilestones(roots: RoomRoots): Record<MilestoneName, string | null> {
  const result = {} as Record<MilestoneName, string | null>;
  for (const name of MILESTONES) result[name] = asIso(roots.milestones.get(name));
  return result;
}

function readRoles(roots: RoomRoots): Partial<Record<Role, Person>> {
  const result: Partial<Record<Role, Person>> = {};
  for (const role of ROLES) {
    const person = asPerson(roots.roles.get(role));
    if (person) result[role] = person;
  }
  return result;
}

/** Map iteration order differs between replicas; keys are sorted so snapshots compare equal. */
function sortedEntries(map: Y.Map<unknown>): Array<[string, unknown]> {
  return Array.from(map.entries()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function readLinks(roots: RoomRoots): Record<string, LinkValue> {
  const result: Record<string, LinkValue> = {};
  for (const [key, value] of sortedEntries(roots.links)) {
    const stamp = asStamp(value);
    if (!LINK_KEY_PATTERN.test(key)) continue;
    if (
      stamp &&
      isRecord(value) &&
      typeof value.url === 'string' &&
      LINK_URL_PATTERN.test(value.url)
    )
      result[key] = { url: value.url, ...stamp };
  }
  return result;
}

function readChecklist(roots: RoomRoots): Record<string, ChecklistMark> {
  const result: Record<string, ChecklistMark> = {};
  for (const [key, value] of sortedEntries(roots.checklist)) {
    const stamp = asStamp(value);
    if (!CHECKLIST_ITEM_ID_PATTERN.test(key)) continue;
    if (stamp && isRecord(value) && typeof value.done === 'boolean')
      result[key] = { done: value.done, ...stamp };
  }
  return result;
}

function readTimeline(roots: RoomRoots): TimelineEntryView[] {
  const entries: TimelineEntryView[] = [];
  for (const item of roots.timeline) {
    if (!(item instanceof Y.Map)) continue;
    const map = item as Y.Map<unknown>;
    if (map.get('deleted')) continue;
    const id = asString(map.get('id'));
    const at = asIso(map.get('at'));
    const recordedAt = asIso(map.get('recordedAt'));
    const recorder = asPerson(map.get('recorder'));
    const author = asAuthor(map.get('author'));
    const kind = map.get('kind');
    const text = asString(map.get('text'));
    if (
      !id ||
      !at ||
      !recordedAt ||
      !recorder ||
      !author ||
      !isOneOf(ENTRY_KINDS, kind) ||
      text === null
    )
      continue;
    const offset = map.get('clockOffsetMs');
    entries.push({
      id,
      at,
      recordedAt,
      recorder,
      author,
      kind,
      text,
      pinned: asStamp(map.get('pin')),
      clockOffsetMs: typeof offset === 'number' ? offset : null,
      offline: map.get('offline') === true,
      ref: asEntryRef(map.get('ref')),
      revisions: readRevisions(map.get('revisions')),
    });
  }
  return entries.sort(compareTimelineEntries);
}

function asEntryRef(value: unknown): EntryRef | null {
  // Refs are written only by operations; a shallow check is enough for views to branch on `type`.
  return isRecord(value) && typeof value.type === 'string' ? (value as unknown as EntryRef) : null;
}

function readRevisions(value: unknown): EntryRevision[] {
  if (!(value instanceof Y.Array)) return [];
  const revisions: EntryRevision[] = [];
  for (const item of value as Y.Array<unknown>) {
    const stamp = asStamp(item);
    if (!stamp || !isRecord(item)) continue;
    const { field, from, to } = item;
    if (
      (field === 'text' || field === 'at' || field === 'kind') &&
      typeof from === 'string' &&
      typeof to === 'string'
    ) {
      revisions.push({ field, from, to, ...stamp });
    }
  }
  return revisions;
}

function readDecisions(roots: RoomRoots): DecisionView[] {
  const decisions: DecisionView[] = [];
  for (const item of roots.decisions) {
    if (!(item instanceof Y.Map)) continue;
    const map = item as Y.Map<unknown>;
    const id = asString(map.get('id'));
    const proposal = asString(map.get('proposal'));
    const proposer = asPerson(map.get('proposer'));
    const proposedAt = asIso(map.get('proposedAt'));
    if (!id || proposal === null || !proposer || !proposedAt) continue;
    const outcomeValue = map.get('outcome');
    const outcomeStamp = asStamp(outcomeValue);
    const outcome =
      outcomeStamp &&
      isRecord(outcomeValue) &&
      (outcomeValue.status === 'approved' || outcomeValue.status === 'rejected')
        ? {
            status:
              outcomeValue.status === 'approved' ? ('approved' as const) : ('rejected' as const),
            reason: asString(outcomeValue.reason),
            entryId: asString(outcomeValue.entryId),
            ...outcomeStamp,
          }
        : null;
    const supersessionValue = map.get('supersession');
    const supersessionStamp = asStamp(supersessionValue);
    const supersession =
      supersessionStamp && isRecord(supersessionValue)
        ? {
            reason: asString(supersessionValue.reason),
            supersededById: asString(supersessionValue.supersededById),
            ...supersessionStamp,
          }
        : null;
    decisions.push({
      id,
      proposal,
      rationale: asString(map.get('rationale')),
      risk: asString(map.get('risk')),
      proposer,
      proposedAt,
      status: supersession ? 'superseded' : (outcome?.status ?? 'proposed'),
      decidedBy: outcome?.by ?? null,
      decidedAt: outcome?.at ?? null,
      reason: outcome?.reason ?? null,
      outcomeEntryId: outcome?.entryId ?? null,
      supersededBy: supersession?.by ?? null,
      supersededAt: supersession?.at ?? null,
      supersededReason: supersession?.reason ?? null,
      supersededById: supersession?.supersededById ?? null,
    });
  }
  return decisions;
}

function readStatusReview(roots: RoomRoots): Omit<StatusView, 'updates' | 'cadence'> {
  const draft = roots.statusDraft.toJSON();
  const requested = asStamp(roots.statusReview.get('request'));
  const approval = asStatusApproval(roots.statusReview.get('approval'));
  // Derived, not stored: an approval counts only while the draft reads exactly what was approved.
  let review: StatusReviewState = 'draft';
  if (approval) review = approval.text === draft ? 'approved' : 'approval-void';
  else if (requested) review = 'in-review';
  return { draft, review, requested, approval };
}

function readStatusUpdates(roots: RoomRoots): StatusUpdateSnapshot[] {
  const updates: StatusUpdateSnapshot[] = [];
  for (const value of roots.statusUpdates) {
    if (!isRecord(value) || typeof value.id !== 'string' || typeof value.text !== 'string')
      continue;
    const publishedBy = asPerson(value.publishedBy);
    const approvedBy = asPerson(value.approvedBy);
    const publishedAt = asIso(value.publishedAt);
    const approvedAt = asIso(value.approvedAt);
    const phase = asPhaseState({ name: value.phase, since: publishedAt, by: publishedBy });
    if (
      !publishedBy ||
      !approvedBy ||
      !publishedAt ||
      !approvedAt ||
      !phase ||
      !isOneOf(SEVERITIES, value.severity)
    ) {
      continue;
    }
    updates.push({
      id: value.id,
      text: value.text,
      severity: value.severity,
      phase: phase.name,
      publishedBy,
      publishedAt,
      approvedBy,
      approvedAt,
      entryId: typeof value.entryId === 'string' ? value.entryId : '',
    });
  }
  // Concurrent publications land in array order; the cadence clock needs the latest by time.
  return updates.sort(
    (a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : 1),
  );
}

function readActionItems(roots: RoomRoots): ActionItemView[] {
  const items: ActionItemView[] = [];
  for (const item of roots.actionItems) {
    if (!(item instanceof Y.Map)) continue;
    const map = item as Y.Map<unknown>;
    if (map.get('deleted')) continue;
    const id = asString(map.get('id'));
    const title = asString(map.get('title'));
    const createdBy = asPerson(map.get('createdBy'));
    const createdAt = asIso(map.get('createdAt'));
    const priority = map.get('priority');
    const status = map.get('status');
    const due = map.get('due');
    if (!id || title === null || !createdBy || !createdAt) continue;
    if (!isOneOf(ACTION_ITEM_PRIORITIES, priority) || !isOneOf(ACTION_ITEM_STATUSES, status))
      continue;
    items.push({
      id,
      title,
      owner: asString(map.get('owner')),
      priority,
      due: typeof due === 'string' ? due : null,
      status,
      createdBy,
      createdAt,
    });
  }
  return items;
}

function readPostmortem(doc: Y.Doc): Record<PostmortemField, string> {
  const result = {} as Record<PostmortemField, string>;
  for (const field of POSTMORTEM_FIELDS) result[field] = postmortemText(doc, field).toJSON();
  return result;
}
