import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectRefused } from '../fixtures/expect-refused';
import { PEOPLE, declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import {
  approveStatusUpdate,
  publishStatusUpdate,
  requestStatusReview,
  setStatusDraft,
} from './status-update';

const DRAFT = 'We are investigating failed writes to transactions. Next update 03:15 UTC.';

describe('status update review', () => {
  it('goes draft → in review → approved → published, with an immutable snapshot and a timeline entry', () => {
    const { doc, clock, comms, ic } = declaredTestRoom();
    setStatusDraft(doc, comms, { text: DRAFT });
    expect(readRoom(doc, { now: clock.now() }).status.review).toBe('draft');
    requestStatusReview(doc, comms);
    expect(readRoom(doc, { now: clock.now() }).status.review).toBe('in-review');
    clock.advanceMinutes(1);
    approveStatusUpdate(doc, ic);
    let status = readRoom(doc, { now: clock.now() }).status;
    expect(status.review).toBe('approved');
    expect(status.approval).toEqual({ text: DRAFT, by: PEOPLE.ic, at: '2026-03-24T02:48:00.000Z' });
    clock.advanceMinutes(1);
    const { id, entryId } = publishStatusUpdate(doc, comms);
    const room = readRoom(doc, { now: clock.now() });
    status = room.status;
    expect(status.updates).toEqual([
      {
        id,
        text: DRAFT,
        severity: 'SEV1',
        phase: 'investigating',
        publishedBy: PEOPLE.comms,
        publishedAt: '2026-03-24T02:49:00.000Z',
        approvedBy: PEOPLE.ic,
        approvedAt: '2026-03-24T02:48:00.000Z',
        entryId,
      },
    ]);
    expect(room.timeline.find((e) => e.id === entryId)).toMatchObject({
      kind: 'comms',
      ref: { type: 'statusUpdate', id },
    });
    expect(status.review).toBe('draft');
    expect(status.approval).toBeNull();
    expect(status.draft).toBe(DRAFT);
  });

  it('an edit after approval voids it, and publishing is refused until it is approved again', () => {
    const { doc, clock, comms, ic } = declaredTestRoom();
    setStatusDraft(doc, comms, { text: DRAFT });
    requestStatusReview(doc, comms);
    approveStatusUpdate(doc, comms);
    setStatusDraft(doc, comms, { text: `${DRAFT} Writes are failing.` });
    expect(readRoom(doc, { now: clock.now() }).status.review).toBe('approval-void');
    const refusal = expectRefused(doc, 'status-not-approved', () =>
      publishStatusUpdate(doc, comms),
    );
    expect(refusal.message).toMatch(/changed after it was approved/);
    approveStatusUpdate(doc, ic);
    publishStatusUpdate(doc, comms);
    expect(readRoom(doc, { now: clock.now() }).status.updates[0]?.text).toBe(
      `${DRAFT} Writes are failing.`,
    );
  });

  it('binds to the text, not the edit history: undoing an edit restores the approval', () => {
    const { doc, clock, comms, ic } = declaredTestRoom();
    setStatusDraft(doc, comms, { text: DRAFT });
    requestStatusReview(doc, comms);
    approveStatusUpdate(doc, ic);
    setStatusDraft(doc, comms, { text: `${DRAFT}!` });
    expect(readRoom(doc, { now: clock.now() }).status.review).toBe('approval-void');
    setStatusDraft(doc, comms, { text: DRAFT });
    // What would be published is exactly what the approver read.
    expect(readRoom(doc, { now: clock.now() }).status.review).toBe('approved');
    expect(publishStatusUpdate(doc, comms).id).toBeTruthy();
  });

  it('a concurrent edit on another replica voids the approval after merge, without any observer', () => {
    const { doc, clock, comms, ic } = declaredTestRoom();
    setStatusDraft(doc, comms, { text: DRAFT });
    requestStatusReview(doc, comms);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    approveStatusUpdate(doc, ic);
    other.getText('statusDraft').insert(0, 'UPDATE: ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(readRoom(doc, { now: clock.now() }).status.review).toBe('approval-void');
    expect(readRoom(other, { now: clock.now() }).status.review).toBe('approval-void');
    expectRefused(doc, 'status-not-approved', () => publishStatusUpdate(doc, comms));
  });

  it('refuses approval by anyone but the IC or comms lead, requested or not', () => {
    const { doc, comms, ops, scribe } = declaredTestRoom();
    setStatusDraft(doc, scribe, { text: DRAFT });
    expectRefused(doc, 'not-permitted', () => approveStatusUpdate(doc, scribe));
    requestStatusReview(doc, scribe);
    expectRefused(doc, 'not-permitted', () => approveStatusUpdate(doc, ops));
    expectRefused(doc, 'not-permitted', () => approveStatusUpdate(doc, scribe));
    approveStatusUpdate(doc, comms);
  });

  it('lets the IC approve a fresh draft in one action, bound to the exact text', () => {
    const { doc, clock, comms, ic } = declaredTestRoom();
    setStatusDraft(doc, ic, { text: DRAFT });
    approveStatusUpdate(doc, ic);
    const status = readRoom(doc, { now: clock.now() }).status;
    expect(status.review).toBe('approved');
    expect(status.requested).toBeNull();
    expect(status.approval).toMatchObject({ text: DRAFT, by: PEOPLE.ic });
    // The approval still binds to the text: one more character voids it.
    setStatusDraft(doc, comms, { text: `${DRAFT}.` });
    expect(readRoom(doc, { now: clock.now() }).status.review).toBe('approval-void');
    expectRefused(doc, 'status-not-approved', () => publishStatusUpdate(doc, ic));
    setStatusDraft(doc, comms, { text: DRAFT });
    publishStatusUpdate(doc, ic);
    expect(readRoom(doc, { now: clock.now() }).status.updates[0]?.approvedBy).toEqual(PEOPLE.ic);
  });

  it('refuses publishing an unapproved draft, and reviewing or publishing an empty one', () => {
    const { doc, comms, ic } = declaredTestRoom();
    expectRefused(doc, 'status-empty', () => requestStatusReview(doc, comms));
    expectRefused(doc, 'status-empty', () => approveStatusUpdate(doc, ic));
    expectRefused(doc, 'status-empty', () => publishStatusUpdate(doc, comms));
    setStatusDraft(doc, comms, { text: DRAFT });
    expectRefused(doc, 'status-not-approved', () => publishStatusUpdate(doc, comms));
    requestStatusReview(doc, comms);
    expectRefused(doc, 'status-not-approved', () => publishStatusUpdate(doc, comms));
    approveStatusUpdate(doc, ic);
    setStatusDraft(doc, comms, { text: '  ' });
    expectRefused(doc, 'status-empty', () => publishStatusUpdate(doc, comms));
    expectRefused(doc, 'invalid-input', () =>
      setStatusDraft(doc, comms, { text: 'x'.repeat(10_001) }),
    );
  });

  it('setStatusDraft splices only the changed span, so a concurrent edit elsewhere survives', () => {
    const { doc, clock, comms, scribe } = declaredTestRoom();
    setStatusDraft(doc, comms, { text: 'Status: investigating. Impact: writes fail.' });
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    setStatusDraft(doc, comms, { text: 'Status: identified. Impact: writes fail.' });
    setStatusDraft(other, scribe, { text: 'Status: investigating. Impact: writes fail for EU.' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(readRoom(doc, { now: clock.now() }).status.draft).toBe(
      'Status: identified. Impact: writes fail for EU.',
    );
    expect(
      setStatusDraft(doc, comms, { text: 'Status: identified. Impact: writes fail for EU.' }),
    ).toEqual({
      changed: false,
    });
  });
});
