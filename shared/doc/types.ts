import type {
  ActionItemPriority,
  ActionItemStatus,
  EntryKind,
  MilestoneName,
  Phase,
  Role,
  Severity,
} from './enums';

/** Someone in the room. `id` is stable per user; `name` is what people read. */
export interface Person {
  id: string;
  name: string;
}

/** Who an entry is about or from; scripts and webhooks have a name but no user id. */
export interface Author {
  id: string | null;
  name: string;
}

/** A signed act: who did it and when (ISO-8601 UTC). */
export interface Stamp {
  by: Person;
  at: string;
}

/** Room policy, copied in at declaration so the document is self-contained. */
export interface RoomPolicy {
  /** Minutes between status updates per severity; null means no cadence. */
  updateCadenceMinutes: Record<Severity, number | null>;
  /** How long the room must sit in `monitoring` before it may be resolved without an override. */
  stabilizationMinutes: number;
}

/** Value of `meta.phase`: one key, so the phase and when it began can never disagree. */
export interface PhaseState {
  name: Phase;
  since: string;
  by: Person;
}

/** What a generated timeline entry records; such entries cannot be edited or deleted. */
export type EntryRef =
  | { type: 'declaration' }
  | { type: 'severity'; from: Severity | null; to: Severity }
  | { type: 'phase'; from: Phase | null; to: Phase }
  | { type: 'role'; role: Role; person: Person | null }
  | { type: 'expert'; person: Person; area: string; event: ExpertEvent }
  | { type: 'milestone'; name: MilestoneName; at: string | null }
  | { type: 'decision'; id: string; event: 'proposed' | 'approved' | 'rejected' | 'superseded' }
  | { type: 'statusUpdate'; id: string }
  | { type: 'resolveOverride'; reason: string }
  | { type: 'statusPage'; pageId: string | null; componentIds: string[] }
  | { type: 'page'; roles: Role[] };

/** What happened to a subject-matter expert: called in, moved to another area, stood down. */
export type ExpertEvent = 'joined' | 'area' | 'left';

/**
 * Value of `experts[personId]`: a subject-matter expert called into the room. One plain value
 * per person, so their name, area and who added them always come from the same writer.
 */
export interface ExpertValue {
  id: string;
  name: string;
  /** What they are here for: "database", "payments edge". */
  area: string;
  addedAt: string;
  addedBy: Person;
}

/** One recorded change of an entry field, kept so a lost concurrent edit is still readable. */
export interface EntryRevision {
  field: 'text' | 'at' | 'kind';
  from: string;
  to: string;
  by: Person;
  at: string;
}

export interface DecisionOutcome {
  status: 'approved' | 'rejected';
  by: Person;
  at: string;
  reason: string | null;
  /** The timeline entry that records the outcome; written in the same transaction. */
  entryId: string;
}

export interface DecisionSupersession {
  by: Person;
  at: string;
  reason: string;
  supersededById: string | null;
  entryId: string;
}

export interface StatusApproval {
  /** The exact draft text approved: the approval holds only while the draft still equals it. */
  text: string;
  by: Person;
  at: string;
}

/**
 * Value of `meta.statusPage`: the public status page the IC chose to list the room on, and under
 * which of its components. Absent when the room is on no page.
 */
export interface StatusPageChoice {
  pageId: string;
  componentIds: string[];
  by: Person;
  at: string;
}

/**
 * Value of `meta.pagedRoles`: the roles asked into the room (by an alert routing rule's `page`,
 * or a person) and why. A paged role counts as answered once anyone holds it.
 */
export interface RolePage {
  roles: Role[];
  reason: string;
  by: Person;
  at: string;
}

export interface StatusUpdateSnapshot {
  id: string;
  text: string;
  severity: Severity;
  phase: Phase;
  publishedBy: Person;
  publishedAt: string;
  approvedBy: Person;
  approvedAt: string;
  entryId: string;
}

export interface ChecklistMark {
  done: boolean;
  by: Person;
  at: string;
}

export interface LinkValue {
  url: string;
  by: Person;
  at: string;
}

export type { ActionItemPriority, ActionItemStatus, EntryKind };
