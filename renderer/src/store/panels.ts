/** The room's panels, in the order the keyboard walks them. */
export const PANELS = [
  'timeline',
  'decisions',
  'status',
  'roles',
  'milestones',
  'checklist',
  'actions',
  'postmortem',
] as const;
export type Panel = (typeof PANELS)[number];
