import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectRefused } from '../fixtures/expect-refused';
import { PEOPLE, declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import { approveDecision, proposeDecision, rejectDecision, supersedeDecision } from './decisions';
import { assignRole } from './roles';

describe('decisions', () => {
  it('a proposal is pending and on the timeline until the IC approves; the outcome lands on the timeline', () => {
    const { doc, clock, ops, ic } = declaredTestRoom();
    const { id } = proposeDecision(doc, ops, {
      proposal: 'Fail over to the secondary cluster',
      rationale: 'Writes are blocked on the primary',
      risk: 'About 30 s of writes lost',
    });
    let room = readRoom(doc, { now: clock.now() });
    expect(room.pendingDecisions.map((d) => d.id)).toEqual([id]);
    expect(room.timeline.at(-1)).toMatchObject({
      kind: 'decision',
      text: 'Proposed: Fail over to the secondary cluster',
    });
    clock.advanceMinutes(1);
    const { entryId } = approveDecision(doc, ic, { id, reason: 'Acceptable loss' });
    room = readRoom(doc, { now: clock.now() });
    expect(room.pendingDecisions).toEqual([]);
    expect(room.decisions[0]).toMatchObject({
      id,
      status: 'approved',
      proposer: PEOPLE.ops,
      decidedBy: PEOPLE.ic,
      decidedAt: '2026-03-24T02:48:00.000Z',
      reason: 'Acceptable loss',
      outcomeEntryId: entryId,
      rationale: 'Writes are blocked on the primary',
      risk: 'About 30 s of writes lost',
    });
    expect(room.timeline.find((e) => e.id === entryId)).toMatchObject({
      kind: 'decision',
      text: 'Approved: Fail over to the secondary cluster (Acceptable loss)',
      ref: { type: 'decision', id, event: 'approved' },
    });
  });

  it('refuses approval or rejection by anyone but the current IC, and follows a handover', () => {
    const { doc, clock, ops, comms, ic } = declaredTestRoom();
    const { id } = proposeDecision(doc, ops, { proposal: 'Restart the primary' });
    const refusal = expectRefused(doc, 'not-incident-commander', () =>
      approveDecision(doc, ops, { id }),
    );
    expect(refusal.message).toMatch(/IC is Iris/);
    expectRefused(doc, 'not-incident-commander', () => rejectDecision(doc, comms, { id }));
    assignRole(doc, ic, { role: 'ic', person: PEOPLE.comms });
    expectRefused(doc, 'not-incident-commander', () => approveDecision(doc, ic, { id }));
    rejectDecision(doc, comms, { id, reason: 'It wipes the query cache' });
    const decision = readRoom(doc, { now: clock.now() }).decisions[0];
    expect(decision).toMatchObject({
      status: 'rejected',
      decidedBy: PEOPLE.comms,
      reason: 'It wipes the query cache',
    });
  });

  it('refuses deciding twice, unknown ids and empty proposals', () => {
    const { doc, ops, ic } = declaredTestRoom();
    const { id } = proposeDecision(doc, ops, { proposal: 'Cancel CREATE INDEX' });
    approveDecision(doc, ic, { id });
    expectRefused(doc, 'invalid-transition', () => rejectDecision(doc, ic, { id }));
    expectRefused(doc, 'invalid-transition', () => approveDecision(doc, ic, { id }));
    expectRefused(doc, 'not-found', () => approveDecision(doc, ic, { id: 'nope' }));
    expectRefused(doc, 'invalid-input', () => proposeDecision(doc, ops, { proposal: '' }));
    expectRefused(doc, 'invalid-input', () =>
      proposeDecision(doc, ops, { proposal: 'x', risk: 'y'.repeat(4001) }),
    );
  });

  it('supersedes an approved decision (IC only, with a reason), linking its replacement', () => {
    const { doc, clock, ops, ic } = declaredTestRoom();
    const first = proposeDecision(doc, ops, { proposal: 'Scale the pool up' });
    const pending = proposeDecision(doc, ops, { proposal: 'Rate-limit the API' });
    approveDecision(doc, ic, { id: first.id });
    expectRefused(doc, 'not-incident-commander', () =>
      supersedeDecision(doc, ops, { id: first.id, reason: 'x' }),
    );
    expectRefused(doc, 'invalid-input', () =>
      supersedeDecision(doc, ic, { id: first.id, reason: ' ' }),
    );
    expectRefused(doc, 'invalid-transition', () =>
      supersedeDecision(doc, ic, { id: pending.id, reason: 'x' }),
    );
    expectRefused(doc, 'invalid-input', () =>
      supersedeDecision(doc, ic, { id: first.id, reason: 'x', supersededById: first.id }),
    );
    expectRefused(doc, 'not-found', () =>
      supersedeDecision(doc, ic, { id: first.id, reason: 'x', supersededById: 'nope' }),
    );
    const { entryId } = supersedeDecision(doc, ic, {
      id: first.id,
      reason: 'Pool at 98% anyway',
      supersededById: pending.id,
    });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.decisions.find((d) => d.id === first.id)).toMatchObject({
      status: 'superseded',
      supersededBy: PEOPLE.ic,
      supersededReason: 'Pool at 98% anyway',
      supersededById: pending.id,
      decidedBy: PEOPLE.ic,
    });
    expect(room.timeline.find((e) => e.id === entryId)?.text).toBe(
      'Superseded: Scale the pool up (Pool at 98% anyway)',
    );
    expectRefused(doc, 'invalid-transition', () =>
      supersedeDecision(doc, ic, { id: first.id, reason: 'again' }),
    );
  });

  it('concurrent approve and reject from two replicas converge, each outcome keeping its timeline entry', () => {
    const { doc, clock, ops, ic, comms } = declaredTestRoom();
    const { id } = proposeDecision(doc, ops, { proposal: 'Fail over' });
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    // Replica "other" saw the IC handover to Cam before this replica approved.
    assignRole(other, ic, { role: 'ic', person: PEOPLE.comms });
    approveDecision(doc, ic, { id });
    rejectDecision(other, comms, { id });
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    const a = readRoom(doc, { now: clock.now() });
    expect(readRoom(other, { now: clock.now() })).toEqual(a);
    const decision = a.decisions[0];
    expect(['approved', 'rejected']).toContain(decision?.status);
    expect(a.timeline.some((e) => e.id === decision?.outcomeEntryId)).toBe(true);
  });
});
