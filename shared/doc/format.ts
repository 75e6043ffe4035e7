/**
 * The incident document's public format version, stored in `meta.formatVersion` at declaration.
 * Additive changes (a new optional key, a new root) keep the number; anything an older reader
 * would misread (a renamed key, a changed value shape, a new enum value a reader must act on)
 * bumps it. See docs/FORMAT.md.
 */
export const FORMAT_VERSION = 2;

/** The format rooms were declared with before the timeline became records (#19). */
export const FORMAT_VERSION_MAP_ENTRIES = 1;

/**
 * Root names of the Y.Doc. Everything several people write lives at a root: two replicas that
 * concurrently create the same nested shared type would each keep their own, and one of them
 * (with everything written into it) would vanish on merge. Roots are never created, only named.
 */
export const ROOT = {
  meta: 'meta',
  milestones: 'milestones',
  links: 'links',
  roles: 'roles',
  experts: 'experts',
  /**
   * Format 1's timeline: one Y.Map per entry. Format 2 writes nothing here; readers still read
   * it, and the migration to format 2 moves its entries to `timelineEntries` (docs/FORMAT.md).
   */
  timeline: 'timeline',
  /** Format 2's entries: entry id → the entry's record, written once (timeline-records.ts). */
  timelineEntries: 'timelineEntries',
  /** Format 2's corrections, pins and deletions of entries, in the order they apply. */
  timelineChanges: 'timelineChanges',
  decisions: 'decisions',
  statusDraft: 'statusDraft',
  statusReview: 'statusReview',
  statusUpdates: 'statusUpdates',
  actionItems: 'actionItems',
  checklist: 'checklist',
  /** Written by the relay only: where each published update went (shared/ops/outbound-delivery). */
  outboundDeliveries: 'outboundDeliveries',
  /** Written by the relay only: the tracker targets it can send follow-ups to. */
  followUpTargets: 'followUpTargets',
} as const;

export const POSTMORTEM_ROOT_PREFIX = 'postmortem:';
