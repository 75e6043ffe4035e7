import * as Y from 'yjs';
import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  MILESTONES,
  POSTMORTEM_FIELDS,
  ROLES,
  SEVERITIES,
  isOneOf,
  type MilestoneName,
  type PostmortemField,
  type Role,
  type Severity,
} from '../doc/enums';
import { CHECKLIST_ITEM_ID_PATTERN, LINK_KEY_PATTERN, LINK_URL_PATTERN } from '../doc/keys';
import { unfilledPlaceholders } from '../doc/status-placeholders';
import { postmortemText, type RoomRoots } from '../doc/roots';
import {
  asExpert,
  asIso,
  asPerson,
  asPhaseState,
  asPolicy,
  asStamp,
  asStatusApproval,
  asRolePage,
  asStatusPageChoice,
  asString,
  isRecord,
} from '../doc/shapes';
import type {
  ChecklistMark,
  ExpertValue,
  LinkValue,
  Person,
  PhaseState,
  RoomPolicy,
  RolePage,
  StatusPageChoice,
  StatusUpdateSnapshot,
} from '../doc/types';
import {
  readFollowUps,
  readFollowUpTargetsRoot,
  type FollowUpTarget,
} from '../ops/follow-up-issues';
import { readOutboundDeliveriesRoot, type OutboundDelivery } from '../ops/outbound-delivery';
import { readWholeTimeline, type TimelineRoots } from './timeline-history';
import type {
  ActionItemView,
  DecisionView,
  StatusReviewState,
  StatusView,
  TimelineEntryView,
} from './types';

/**
 * The room read part by part. Each part depends on the document roots named in `PART_ROOTS`
 * only, so a reader that knows which roots changed can re-read just those parts; the snapshot
 * is assembled from parts by `assembleRoom`.
 */
export interface RoomParts {
  meta: MetaPart;
  milestones: Record<MilestoneName, string | null>;
  links: Record<string, LinkValue>;
  roles: Partial<Record<Role, Person>>;
  experts: ExpertValue[];
  timeline: TimelineEntryView[];
  decisions: DecisionView[];
  statusReview: StatusReviewPart;
  statusUpdates: StatusUpdateSnapshot[];
  actionItems: ActionItemView[];
  postmortem: Record<PostmortemField, string>;
  checklist: Record<string, ChecklistMark>;
  outboundDeliveries: Record<string, Record<string, OutboundDelivery>>;
  followUpTargets: FollowUpTarget[];
}

export type PartName = keyof RoomParts;

export interface MetaPart {
  formatVersion: number | null;
  title: string | null;
  severity: Severity | null;
  phase: PhaseState | null;
  incidentType: string | null;
  service: string | null;
  createdAt: string | null;
  createdBy: Person | null;
  policy: RoomPolicy | null;
  statusPage: StatusPageChoice | null;
  pagedRoles: RolePage | null;
}

export type StatusReviewPart = Omit<StatusView, 'updates' | 'cadence'>;

/** Which roots each part reads (postmortem: the per-field texts, see `postmortemText`). */
export const PART_ROOTS: Record<Exclude<PartName, 'postmortem'>, ReadonlyArray<keyof RoomRoots>> = {
  meta: ['meta'],
  milestones: ['milestones'],
  links: ['links'],
  roles: ['roles'],
  experts: ['experts'],
  timeline: ['timeline', 'timelineEntries', 'timelineChanges'],
  decisions: ['decisions'],
  statusReview: ['statusDraft', 'statusReview'],
  statusUpdates: ['statusUpdates'],
  actionItems: ['actionItems'],
  checklist: ['checklist'],
  outboundDeliveries: ['outboundDeliveries'],
  followUpTargets: ['followUpTargets'],
};

export function readRoomParts(
  doc: Y.Doc,
  roots: RoomRoots,
  readTimeline: (timeline: TimelineRoots) => TimelineEntryView[] = readWholeTimeline,
): RoomParts {
  return {
    meta: readMeta(roots),
    milestones: readMilestones(roots),
    links: readLinks(roots),
    roles: readRoles(roots),
    experts: readExperts(roots),
    timeline: readTimeline(roots),
    decisions: readDecisions(roots),
    statusReview: readStatusReview(roots),
    statusUpdates: readStatusUpdates(roots),
    actionItems: readActionItems(roots),
    postmortem: readPostmortem(doc),
    checklist: readChecklist(roots),
    outboundDeliveries: readOutboundDeliveriesRoot(roots.outboundDeliveries),
    followUpTargets: readFollowUpTargetsRoot(roots.followUpTargets),
  };
}

export function readMeta(roots: RoomRoots): MetaPart {
  const meta = roots.meta;
  const severity = meta.get('severity');
  const formatVersion = meta.get('formatVersion');
  return {
    formatVersion: typeof formatVersion === 'number' ? formatVersion : null,
    title: asString(meta.get('title')),
    severity: isOneOf(SEVERITIES, severity) ? severity : null,
    phase: asPhaseState(meta.get('phase')),
    incidentType: asString(meta.get('incidentType')),
    service: asString(meta.get('service')),
    createdAt: asIso(meta.get('createdAt')),
    createdBy: asPerson(meta.get('createdBy')),
    policy: asPolicy(meta.get('policy')),
    statusPage: asStatusPageChoice(meta.get('statusPage')),
    pagedRoles: asRolePage(meta.get('pagedRoles')),
  };
}

export function readMilestones(roots: RoomRoots): Record<MilestoneName, string | null> {
  const result = {} as Record<MilestoneName, string | null>;
  for (const name of MILESTONES) result[name] = asIso(roots.milestones.get(name));
  return result;
}

export function readRoles(roots: RoomRoots): Partial<Record<Role, Person>> {
  const result: Partial<Record<Role, Person>> = {};
  for (const role of ROLES) {
    const person = asPerson(roots.roles.get(role));
    if (person) result[role] = person;
  }
  return result;
}

/** SMEs in the order they were called in; a key that is not their own id is a peer's junk. */
export function readExperts(roots: RoomRoots): ExpertValue[] {
  const experts: ExpertValue[] = [];
  for (const [key, value] of sortedEntries(roots.experts)) {
    const expert = asExpert(value);
    if (expert && expert.id === key) experts.push(expert);
  }
  // Stable sort over key-sorted entries: equal times fall back to the person id, on every replica.
  return experts.sort((a, b) => Date.parse(a.addedAt) - Date.parse(b.addedAt));
}

/** Map iteration order differs between replicas; keys are sorted so snapshots compare equal. */
function sortedEntries(map: Y.Map<unknown>): Array<[string, unknown]> {
  return Array.from(map.entries()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function readLinks(roots: RoomRoots): Record<string, LinkValue> {
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

export function readChecklist(roots: RoomRoots): Record<string, ChecklistMark> {
  const result: Record<string, ChecklistMark> = {};
  for (const [key, value] of sortedEntries(roots.checklist)) {
    const stamp = asStamp(value);
    if (!CHECKLIST_ITEM_ID_PATTERN.test(key)) continue;
    if (stamp && isRecord(value) && typeof value.done === 'boolean')
      result[key] = { done: value.done, ...stamp };
  }
  return result;
}

export function readDecisions(roots: RoomRoots): DecisionView[] {
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

export function readStatusReview(roots: RoomRoots): StatusReviewPart {
  const draft = roots.statusDraft.toJSON();
  const requested = asStamp(roots.statusReview.get('request'));
  const approval = asStatusApproval(roots.statusReview.get('approval'));
  // Derived, not stored: an approval counts only while the draft reads exactly what was approved.
  let review: StatusReviewState = 'draft';
  if (approval) review = approval.text === draft ? 'approved' : 'approval-void';
  else if (requested) review = 'in-review';
  const unfilled = unfilledPlaceholders(draft, roots.statusReview.get('placeholders'));
  return { draft, review, requested, approval, unfilledPlaceholders: unfilled };
}

export function readStatusUpdates(roots: RoomRoots): StatusUpdateSnapshot[] {
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

export function readActionItems(roots: RoomRoots): ActionItemView[] {
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
      followUps: readFollowUps(map),
    });
  }
  return items;
}

export function readPostmortem(doc: Y.Doc): Record<PostmortemField, string> {
  const result = {} as Record<PostmortemField, string>;
  for (const field of POSTMORTEM_FIELDS) result[field] = postmortemText(doc, field).toJSON();
  return result;
}
