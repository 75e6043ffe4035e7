import type {
  ActionItemPriority,
  ActionItemStatus,
  DecisionStatus,
  EntryKind,
  MilestoneName,
  Phase,
  PostmortemField,
  Role,
  Severity,
} from '../doc/enums';
import type {
  Author,
  ChecklistMark,
  EntryRef,
  EntryRevision,
  ExpertValue,
  LinkValue,
  Person,
  RoomPolicy,
  RolePage,
  Stamp,
  StatusPageChoice,
  StatusUpdateSnapshot,
} from '../doc/types';
import type { FollowUpState, FollowUpTarget } from '../ops/follow-up-issues';
import type { OutboundDelivery } from '../ops/outbound-delivery';
import type { IncidentMetrics } from '../rules/metrics';
import type { StabilizationState } from '../rules/stabilization';
import type { StatusCadence } from '../rules/status-cadence';

export interface TimelineEntryView {
  id: string;
  at: string;
  recordedAt: string;
  recorder: Person;
  author: Author;
  kind: EntryKind;
  text: string;
  pinned: Stamp | null;
  clockOffsetMs: number | null;
  offline: boolean;
  ref: EntryRef | null;
  revisions: EntryRevision[];
}

export interface DecisionView {
  id: string;
  proposal: string;
  rationale: string | null;
  risk: string | null;
  proposer: Person;
  proposedAt: string;
  status: DecisionStatus;
  decidedBy: Person | null;
  decidedAt: string | null;
  reason: string | null;
  outcomeEntryId: string | null;
  supersededBy: Person | null;
  supersededAt: string | null;
  supersededReason: string | null;
  supersededById: string | null;
}

/**
 * draft: nobody asked for review. in-review: asked, not approved. approved: approved and the
 * draft still reads exactly as approved. approval-void: approved, then edited.
 */
export type StatusReviewState = 'draft' | 'in-review' | 'approved' | 'approval-void';

export interface StatusView {
  draft: string;
  review: StatusReviewState;
  requested: Stamp | null;
  approval: { text: string; by: Person; at: string } | null;
  /** Prompts a template left (`[service]`) that the draft still contains; approval refuses them. */
  unfilledPlaceholders: string[];
  updates: StatusUpdateSnapshot[];
  cadence: StatusCadence;
}

export interface ActionItemView {
  id: string;
  title: string;
  owner: string | null;
  priority: ActionItemPriority;
  due: string | null;
  status: ActionItemStatus;
  createdBy: Person;
  createdAt: string;
  /** Requests to send it to trackers, and the issues made (shared/ops/follow-up-issues). */
  followUps: FollowUpState;
}

export interface RoomSnapshot {
  declared: boolean;
  formatVersion: number | null;
  title: string | null;
  severity: Severity | null;
  phase: Phase | null;
  phaseSince: string | null;
  incidentType: string | null;
  service: string | null;
  createdAt: string | null;
  createdBy: Person | null;
  monitoringSince: string | null;
  policy: RoomPolicy | null;
  /** The public status page the IC listed the room on (`setStatusPage`), or null. */
  statusPage: StatusPageChoice | null;
  /** The roles paged into the room and why (`pageRoles`), or null; held ones stay listed. */
  pagedRoles: RolePage | null;
  milestones: Record<MilestoneName, string | null>;
  links: Record<string, LinkValue>;
  roles: Partial<Record<Role, Person>>;
  /** Subject-matter experts, in the order they were called in (`addedAt`). */
  experts: ExpertValue[];
  /** Visible entries in timeline order; deleted entries are left out. */
  timeline: TimelineEntryView[];
  /** Ids of pinned visible entries, in timeline order. */
  pinnedIds: string[];
  decisions: DecisionView[];
  pendingDecisions: DecisionView[];
  status: StatusView;
  stabilization: StabilizationState;
  actionItems: ActionItemView[];
  postmortem: Record<PostmortemField, string>;
  checklist: Record<string, ChecklistMark>;
  /** Published update id → target id → how its delivery stands (a relay with `--outbound`). */
  outboundDeliveries: Record<string, Record<string, OutboundDelivery>>;
  /** The tracker targets the relay offers for follow-ups (none without a relay that has them). */
  followUpTargets: FollowUpTarget[];
  metrics: IncidentMetrics;
}
