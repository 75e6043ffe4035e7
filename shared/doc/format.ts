/**
 * The incident document's public format version, stored in `meta.formatVersion` at declaration.
 * Additive changes (a new optional key, a new root) keep the number; anything an older reader
 * would misread (a renamed key, a changed value shape, a new enum value a reader must act on)
 * bumps it. See docs/FORMAT.md.
 */
export const FORMAT_VERSION = 1;

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
  timeline: 'timeline',
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
