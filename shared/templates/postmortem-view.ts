import { z } from 'zod';
import { objectFieldSpec } from './mustache-fields';

// The one contract between whoever builds a postmortem from a room (shared/export) and every
// postmortem template (templates/postmortem.md.mustache and users' own). Values are plain text,
// already formatted for people; the renderer escapes them for the output format. Lists are empty
// when the room has nothing for them, so a template says "None recorded" with `{{^list}}`,
// never invents content.

const text = z.string();

const roleAssignment = z.strictObject({
  /** "Incident commander", "Operations lead", ... */
  role: text,
  person: text,
});

const expert = z.strictObject({
  /** The subject-matter expert's name. */
  person: text,
  /** What they were called in for: "database". */
  area: text,
});

const metric = z.strictObject({
  /** "TTD" */
  abbreviation: text,
  /** "Time to detect" */
  name: text,
  /** "6 min", or "not recorded" when a milestone is missing. */
  value: text,
  /** How it is measured: "impact started → detected". */
  measuredAs: text,
});

const milestone = z.strictObject({
  /** "Impact started", "Detected", ... */
  name: text,
  /** "2024-12-11 14:32 UTC", or "not recorded". */
  at: text,
});

const timelineEntry = z.strictObject({
  /** "2024-12-11" */
  date: text,
  /** "14:32" (UTC) */
  time: text,
  /** alert, observation, action, decision, comms, severity, role, milestone, inject, note */
  kind: text,
  text: text,
  /** Who wrote it (display name). */
  author: text,
  pinned: z.boolean(),
  /** Provenance worth a reader's attention: "recorded offline at 14:51", "clock corrected by +42 s". */
  notes: z.array(text),
});

const decision = z.strictObject({
  proposal: text,
  proposer: text,
  /** proposed | approved | rejected | superseded */
  status: text,
  /** Empty while still proposed. */
  decidedBy: text,
  /** "14:47 UTC", empty while still proposed. */
  decidedAt: text,
  rationale: text,
  risk: text,
  /** The decider's reason for approving or rejecting; empty when none was given. */
  reason: text,
});

const statusUpdate = z.strictObject({
  /** "2024-12-11 14:40 UTC" */
  publishedAt: text,
  phase: text,
  approvedBy: text,
  publishedBy: text,
  text: text,
});

const why = z.strictObject({
  /** "1" … "5" */
  step: text,
  question: text,
  answer: text,
});

const actionItem = z.strictObject({
  title: text,
  owner: text,
  /** "P1", "P2", ... */
  priority: text,
  /** "2024-12-18", or empty when no date was set. */
  due: text,
  /** open | in progress | done | won't do */
  status: text,
  /** The tracker issues made of it (follow-ups): `#42 https://…`, `; `-separated; empty if none. */
  issues: text,
});

export const postmortemViewSchema = z.strictObject({
  title: text,
  /** "SEV2" */
  severity: text,
  /** "Major" */
  severityName: text,
  /** The room's phase when exported; "resolved" for a finished incident. */
  phase: text,
  /** "2024-12-11" (UTC date of impact start, or of the export when unknown). */
  date: text,
  /** "14:32 – 14:59 UTC (27 min)", or "not recorded". */
  duration: text,
  /** "2024-12-12 10:00 UTC" */
  generatedAt: text,
  roles: z.array(roleAssignment),
  /** Subject-matter experts still in the room at export, in the order they were called in. */
  experts: z.array(expert),
  summary: text,
  impact: text,
  metrics: z.array(metric),
  milestones: z.array(milestone),
  timeline: z.array(timelineEntry),
  decisions: z.array(decision),
  statusUpdates: z.array(statusUpdate),
  contributingFactors: z.array(text),
  fiveWhys: z.array(why),
  wentWell: z.array(text),
  wentPoorly: z.array(text),
  gotLucky: z.array(text),
  actionItems: z.array(actionItem),
  /** actionItems is not empty (a table header must print once, not per item). */
  hasActionItems: z.boolean(),
  followUpMetrics: z.array(text),
});

export type PostmortemView = z.infer<typeof postmortemViewSchema>;
export type PostmortemTimelineEntry = PostmortemView['timeline'][number];
export type PostmortemMetric = PostmortemView['metrics'][number];
export type PostmortemDecision = PostmortemView['decisions'][number];
export type PostmortemActionItem = PostmortemView['actionItems'][number];

export const postmortemFields = objectFieldSpec(postmortemViewSchema);
