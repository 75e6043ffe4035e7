import * as Y from 'yjs';
import { POSTMORTEM_ROOT_PREFIX, ROOT } from './format';
import type { PostmortemField } from './enums';

/**
 * Typed handles on the document's roots. Values are `unknown` on purpose: a peer may have
 * written anything, so readers check shapes instead of trusting a cast.
 */
export interface RoomRoots {
  meta: Y.Map<unknown>;
  milestones: Y.Map<unknown>;
  links: Y.Map<unknown>;
  roles: Y.Map<unknown>;
  /** Subject-matter experts: person id → `ExpertValue`. */
  experts: Y.Map<unknown>;
  timeline: Y.Array<unknown>;
  decisions: Y.Array<unknown>;
  statusDraft: Y.Text;
  statusReview: Y.Map<unknown>;
  statusUpdates: Y.Array<unknown>;
  actionItems: Y.Array<unknown>;
  checklist: Y.Map<unknown>;
  /** Published update id → how its delivery to each outbound target stands (the relay writes it). */
  outboundDeliveries: Y.Map<unknown>;
  /** Tracker target id → `{ kind }`: where follow-ups can be sent (the relay writes it). */
  followUpTargets: Y.Map<unknown>;
}

export function roomRoots(doc: Y.Doc): RoomRoots {
  return {
    meta: doc.getMap(ROOT.meta),
    milestones: doc.getMap(ROOT.milestones),
    links: doc.getMap(ROOT.links),
    roles: doc.getMap(ROOT.roles),
    experts: doc.getMap(ROOT.experts),
    timeline: doc.getArray(ROOT.timeline),
    decisions: doc.getArray(ROOT.decisions),
    statusDraft: doc.getText(ROOT.statusDraft),
    statusReview: doc.getMap(ROOT.statusReview),
    statusUpdates: doc.getArray(ROOT.statusUpdates),
    actionItems: doc.getArray(ROOT.actionItems),
    checklist: doc.getMap(ROOT.checklist),
    outboundDeliveries: doc.getMap(ROOT.outboundDeliveries),
    followUpTargets: doc.getMap(ROOT.followUpTargets),
  };
}

export function postmortemRootName(field: PostmortemField): string {
  return `${POSTMORTEM_ROOT_PREFIX}${field}`;
}

export function postmortemText(doc: Y.Doc, field: PostmortemField): Y.Text {
  return doc.getText(postmortemRootName(field));
}

/** Finds the Y.Map with this `id` in an entity array; linear, fine at incident sizes. */
export function findEntityMap(array: Y.Array<unknown>, id: string): Y.Map<unknown> | null {
  for (const item of array) {
    if (item instanceof Y.Map && item.get('id') === id) return item as Y.Map<unknown>;
  }
  return null;
}
