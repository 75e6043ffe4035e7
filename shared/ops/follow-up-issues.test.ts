import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROOT } from '../doc/format';
import { findEntityMap, roomRoots } from '../doc/roots';
import { expectRefused } from '../fixtures/expect-refused';
import { addActionItem, removeActionItem } from './action-items';
import type { OperationContext } from './context';
import { declareIncident } from './declare';
import {
  offerFollowUpTargets,
  readFollowUps,
  readFollowUpTargetsRoot,
  recordFollowUpIssue,
  requestAllFollowUps,
  requestFollowUpIssue,
} from './follow-up-issues';

const iris: OperationContext = { actor: { id: 'u-iris', name: 'Iris' }, now: () => 1_000 };
const relay: OperationContext = {
  actor: { id: 'relay-trackers', name: 'Trackers' },
  now: () => 2_000,
};

function room() {
  const doc = new Y.Doc();
  declareIncident(doc, iris, { title: 'Checkout errors', severity: 'SEV2' });
  return doc;
}

const followUps = (doc: Y.Doc, id: string) =>
  readFollowUps(findEntityMap(roomRoots(doc).actionItems, id)!);

const created = {
  state: 'created',
  url: 'https://github.com/acme/payments/issues/7',
  ref: '#7',
  error: null,
  at: '2026-03-24T04:00:00.000Z',
} as const;

describe('follow-ups to trackers', () => {
  it('records a request, then the issue; asking again once it exists is refused', () => {
    const doc = room();
    const { id } = addActionItem(doc, iris, { title: 'Add a canary stage' });
    requestFollowUpIssue(doc, iris, { itemId: id, targetId: 'gh' });
    requestFollowUpIssue(doc, iris, { itemId: id, targetId: 'gh' }); // allowed: still one issue
    expect(followUps(doc, id).requests).toEqual({
      gh: { by: { id: 'u-iris', name: 'Iris' }, at: '1970-01-01T00:00:01.000Z' },
    });
    recordFollowUpIssue(doc, relay, { itemId: id, targetId: 'gh', issue: created });
    expect(followUps(doc, id).issues).toEqual({ gh: created });
    expectRefused(doc, 'invalid-transition', () =>
      requestFollowUpIssue(doc, iris, { itemId: id, targetId: 'gh' }),
    );
  });

  it('refuses unknown and removed items and target ids that are not ids', () => {
    const doc = room();
    const { id } = addActionItem(doc, iris, { title: 'Add a canary stage' });
    expectRefused(doc, 'not-found', () =>
      requestFollowUpIssue(doc, iris, { itemId: 'nope', targetId: 'gh' }),
    );
    expectRefused(doc, 'invalid-input', () =>
      requestFollowUpIssue(doc, iris, { itemId: id, targetId: 'GitHub Issues' }),
    );
    removeActionItem(doc, iris, { id });
    expectRefused(doc, 'entry-deleted', () =>
      requestFollowUpIssue(doc, iris, { itemId: id, targetId: 'gh' }),
    );
  });

  it('sends all open follow-ups: open and in-progress items not yet asked for or made', () => {
    const doc = room();
    const open = addActionItem(doc, iris, { title: 'Open' }).id;
    const going = addActionItem(doc, iris, { title: 'Going', status: 'in-progress' }).id;
    const done = addActionItem(doc, iris, { title: 'Done', status: 'done' }).id;
    const wont = addActionItem(doc, iris, { title: "Won't", status: 'wont-do' }).id;
    const made = addActionItem(doc, iris, { title: 'Made' }).id;
    recordFollowUpIssue(doc, relay, { itemId: made, targetId: 'gh', issue: created });
    expect(requestAllFollowUps(doc, iris, { targetId: 'gh' })).toEqual({ requested: 2 });
    expect(Object.keys(followUps(doc, open).requests)).toEqual(['gh']);
    expect(Object.keys(followUps(doc, going).requests)).toEqual(['gh']);
    for (const id of [done, wont, made]) expect(followUps(doc, id).requests).toEqual({});
    const before = Y.encodeStateVector(doc);
    expect(requestAllFollowUps(doc, iris, { targetId: 'gh' })).toEqual({ requested: 0 });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('offers the targets, writing only what differs', () => {
    const doc = room();
    const targets = [
      { id: 'jira-ops', kind: 'jira' },
      { id: 'gh', kind: 'github' },
    ];
    expect(offerFollowUpTargets(doc, relay, { targets })).toBe(true);
    expect(offerFollowUpTargets(doc, relay, { targets })).toBe(false);
    expect(offerFollowUpTargets(doc, relay, { targets: [targets[1]!] })).toBe(true);
    const root = doc.getMap(ROOT.followUpTargets);
    root.set('BAD ID', { kind: 'github' });
    root.set('odd', 'not an object');
    expect(readFollowUpTargetsRoot(root)).toEqual([{ id: 'gh', kind: 'github' }]);
  });

  it('reads past what a peer may have written wrongly', () => {
    const doc = room();
    const { id } = addActionItem(doc, iris, { title: 'Add a canary stage' });
    const item = findEntityMap(roomRoots(doc).actionItems, id)!;
    item.set('followUpRequests', { gh: { by: 'nobody', at: 3 }, ok: { by: iris.actor, at: 'x' } });
    item.set('followUpIssues', { gh: { state: 'created', url: 'javascript:alert(1)' } });
    expect(readFollowUps(item)).toEqual({ requests: {}, issues: {} });
    item.set('followUpRequests', { gh: { by: iris.actor, at: '2026-03-24T04:00:00.000Z' } });
    expect(Object.keys(readFollowUps(item).requests)).toEqual(['gh']);
  });
});
