import * as Y from 'yjs';
import { findEntityMap, postmortemText, type RoomRoots } from '../../../shared/doc/roots';
import { asString } from '../../../shared/doc/shapes';
import { readFollowUps } from '../../../shared/ops/follow-up-issues';
import type { OutboundEventData } from '../outbound-event';

/** Item id → target id → the request's time: what a change is compared on. */
export type FollowUpRequestTimes = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The follow-up requests of a room's live action items. */
export function readFollowUpRequestTimes(roots: RoomRoots): FollowUpRequestTimes {
  const result = new Map<string, Map<string, string>>();
  for (const value of roots.actionItems) {
    if (!(value instanceof Y.Map)) continue;
    const item = value as Y.Map<unknown>;
    const id = asString(item.get('id'));
    if (!id || item.get('deleted')) continue;
    const { requests, issues } = readFollowUps(item);
    const times = new Map<string, string>();
    for (const [targetId, request] of Object.entries(requests)) {
      // An item that already has its issue there asks for nothing more.
      if (issues[targetId]?.state !== 'created') times.set(targetId, request.at);
    }
    if (times.size > 0) result.set(id, times);
  }
  return result;
}

/**
 * One `follow-up.created` event per request that is new in this change (a target not asked
 * before, or asked again: a new time). The event carries what the tracker's issue is made of,
 * as the item was when it was asked for; the relay makes at most one issue per (item, target)
 * however many requests arrive (server/outbound/trackers/tracker-delivery.ts).
 */
export function followUpEvents(
  before: FollowUpRequestTimes,
  after: FollowUpRequestTimes,
  roots: RoomRoots,
): OutboundEventData[] {
  const doc = roots.actionItems.doc;
  const events: OutboundEventData[] = [];
  for (const [itemId, times] of after) {
    for (const [targetId, at] of times) {
      if (before.get(itemId)?.get(targetId) === at) continue;
      const item = findEntityMap(roots.actionItems, itemId);
      if (!item) continue;
      const request = readFollowUps(item).requests[targetId];
      if (!request) continue;
      events.push({
        type: 'follow-up.created',
        itemId,
        targetId,
        title: asString(item.get('title')) ?? '',
        owner: asString(item.get('owner')),
        priority: asString(item.get('priority')),
        due: asString(item.get('due')),
        requestedBy: { id: request.by.id, name: request.by.name },
        requestedAt: request.at,
        postmortemSummary: doc ? postmortemText(doc, 'summary').toJSON() : '',
      });
    }
  }
  return events;
}
