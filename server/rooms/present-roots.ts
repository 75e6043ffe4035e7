import * as Y from 'yjs';
import { ROOT } from '../../shared/doc/format';
import { roomRoots, type RoomRoots } from '../../shared/doc/roots';

/** The roots of a document nobody ever writes: what a reader sees of a root a room lacks. */
let emptyRoots: RoomRoots | null = null;

function empty(): RoomRoots {
  emptyRoots ??= roomRoots(new Y.Doc());
  return emptyRoots;
}

/**
 * The room's roots for reading only. `roomRoots` creates every root the document lacks (a Y.Map
 * with its own Map and two event handlers each, ~400 bytes): the relay reads the list and status
 * page fields of every room it stores an update of, and a room that never had a status update,
 * a checklist or a follow-up target held fourteen empty roots for as long as it was loaded. A
 * root the document lacks is read here from one shared empty document instead, which reads the
 * same (empty). Never write through these: a missing root is not the room's.
 */
export function presentRoots(doc: Y.Doc): RoomRoots {
  const has = (name: string): boolean => doc.share.has(name);
  const none = empty();
  return {
    meta: has(ROOT.meta) ? doc.getMap(ROOT.meta) : none.meta,
    milestones: has(ROOT.milestones) ? doc.getMap(ROOT.milestones) : none.milestones,
    links: has(ROOT.links) ? doc.getMap(ROOT.links) : none.links,
    roles: has(ROOT.roles) ? doc.getMap(ROOT.roles) : none.roles,
    experts: has(ROOT.experts) ? doc.getMap(ROOT.experts) : none.experts,
    timeline: has(ROOT.timeline) ? doc.getArray(ROOT.timeline) : none.timeline,
    decisions: has(ROOT.decisions) ? doc.getArray(ROOT.decisions) : none.decisions,
    statusDraft: has(ROOT.statusDraft) ? doc.getText(ROOT.statusDraft) : none.statusDraft,
    statusReview: has(ROOT.statusReview) ? doc.getMap(ROOT.statusReview) : none.statusReview,
    statusUpdates: has(ROOT.statusUpdates) ? doc.getArray(ROOT.statusUpdates) : none.statusUpdates,
    actionItems: has(ROOT.actionItems) ? doc.getArray(ROOT.actionItems) : none.actionItems,
    checklist: has(ROOT.checklist) ? doc.getMap(ROOT.checklist) : none.checklist,
    outboundDeliveries: has(ROOT.outboundDeliveries)
      ? doc.getMap(ROOT.outboundDeliveries)
      : none.outboundDeliveries,
    followUpTargets: has(ROOT.followUpTargets)
      ? doc.getMap(ROOT.followUpTargets)
      : none.followUpTargets,
  };
}
