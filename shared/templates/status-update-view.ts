import { z } from 'zod';
import { objectFieldSpec } from './mustache-fields';

/**
 * What a status-update template (`templates/status/*.mustache`) can read. Every field is always
 * present; a value the room does not know yet is the empty string, so templates use
 * `{{#service}}…{{/service}}{{^service}}[service]{{/service}}` to leave a visible blank for the
 * comms lead. Times are already formatted for people ("14:50 UTC"). docs/TEMPLATES.md lists them.
 */
export const statusUpdateViewSchema = z.strictObject({
  /** The room title, e.g. "payments-api elevated errors". */
  title: z.string(),
  /** The affected service or product surface, as customers would name it. */
  service: z.string(),
  /** Current customer impact in one sentence. */
  impact: z.string(),
  /** Severity id, e.g. "SEV2". */
  severity: z.string(),
  /** Severity name from the severity template, e.g. "Major". */
  severityName: z.string(),
  /** Status page level for the severity, in words ("partial outage"). */
  statusPageLevel: z.string(),
  /** investigating | identified | monitoring | resolved */
  phase: z.string(),
  /** When the update is written, "HH:MM UTC". */
  now: z.string(),
  /** Date of `now`, "YYYY-MM-DD". */
  today: z.string(),
  /** When the next update is due, "HH:MM UTC"; empty when the severity has no cadence or once resolved. */
  nextUpdateAt: z.string(),
  /** The cadence in words ("15 minutes"); empty when none. */
  updateCadence: z.string(),
  /** When impact started, "HH:MM UTC"; empty when unknown. */
  impactStartedAt: z.string(),
  /** When impact was mitigated, "HH:MM UTC"; empty when not yet. */
  mitigatedAt: z.string(),
  /** When the incident was resolved, "HH:MM UTC"; empty when not yet. */
  resolvedAt: z.string(),
  /**
   * Impact start (or, when not recorded, the declaration) to now or to resolution, in whole
   * minutes: "27 min" / "2 h 05 min"; empty when unknown.
   */
  duration: z.string(),
  /** People in each role; empty when unassigned. */
  roles: z.strictObject({ ic: z.string(), ops: z.string(), comms: z.string(), scribe: z.string() }),
  /** The room's links; empty when not set. */
  links: z.strictObject({ statusPage: z.string(), bridge: z.string() }),
});

export type StatusUpdateView = z.infer<typeof statusUpdateViewSchema>;

export const statusUpdateFields = objectFieldSpec(statusUpdateViewSchema);

/** The phases a room goes through; each has a built-in status template of the same id. */
export const statusPhases = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type StatusPhase = (typeof statusPhases)[number];

/** The built-in internal summary for management, alongside the per-phase public updates. */
export const MANAGEMENT_SUMMARY_TEMPLATE_ID = 'management-summary';
