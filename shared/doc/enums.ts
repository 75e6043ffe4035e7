export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type Phase = (typeof PHASES)[number];

export const ENTRY_KINDS = [
  'alert',
  'observation',
  'action',
  'decision',
  'comms',
  'severity',
  'role',
  'milestone',
  'inject',
  'note',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Incident command roles: commander, operations lead, communications lead, scribe. */
export const ROLES = ['ic', 'ops', 'comms', 'scribe'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  ic: 'Incident commander',
  ops: 'Operations lead',
  comms: 'Communications lead',
  scribe: 'Scribe',
};

/** In the order they happen in a typical incident. */
export const MILESTONES = [
  'impactStarted',
  'detected',
  'acknowledged',
  'declared',
  'mitigated',
  'resolved',
] as const;
export type MilestoneName = (typeof MILESTONES)[number];

export const MILESTONE_TITLES: Record<MilestoneName, string> = {
  impactStarted: 'Impact started',
  detected: 'Detected',
  acknowledged: 'Acknowledged',
  declared: 'Declared',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

export const DECISION_STATUSES = ['proposed', 'approved', 'rejected', 'superseded'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const ACTION_ITEM_STATUSES = ['open', 'in-progress', 'done', 'wont-do'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const ACTION_ITEM_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type ActionItemPriority = (typeof ACTION_ITEM_PRIORITIES)[number];

/** Postmortem sections kept as collaborative text, each at root `postmortem:<field>`. */
export const POSTMORTEM_FIELDS = [
  'summary',
  'impact',
  'contributingFactors',
  'fiveWhys',
  'wentWell',
  'wentPoorly',
  'gotLucky',
  'followUpMetrics',
] as const;
export type PostmortemField = (typeof POSTMORTEM_FIELDS)[number];

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
