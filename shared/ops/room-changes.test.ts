import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectRefused } from '../fixtures/expect-refused';
import { PEOPLE, declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import { setMilestone } from './milestones';
import { setPhase } from './phase';
import { assignRole } from './roles';
import { setSeverity } from './severity';

describe('setSeverity', () => {
  it('changes severity and logs from → to with the reason', () => {
    const { doc, clock, ic } = declaredTestRoom();
    clock.advanceMinutes(5);
    const { entryId } = setSeverity(doc, ic, {
      severity: 'SEV2',
      reason: 'workaround reduced impact',
    });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.severity).toBe('SEV2');
    expect(room.timeline.find((e) => e.id === entryId)).toMatchObject({
      kind: 'severity',
      text: 'Severity SEV1 → SEV2: workaround reduced impact',
      ref: { type: 'severity', from: 'SEV1', to: 'SEV2' },
      at: '2026-03-24T02:52:00.000Z',
    });
  });

  it('refuses the same severity and an unknown one', () => {
    const { doc, ic } = declaredTestRoom();
    expectRefused(doc, 'invalid-transition', () => setSeverity(doc, ic, { severity: 'SEV1' }));
    // Deliberately malformed, as an untyped caller could send it.
    expectRefused(doc, 'invalid-input', () => setSeverity(doc, ic, { severity: 'sev1' as 'SEV1' }));
  });
});

describe('setPhase', () => {
  it('records when monitoring began and clears it on leaving monitoring', () => {
    const { doc, clock, ops } = declaredTestRoom();
    setPhase(doc, ops, { phase: 'identified' });
    clock.advanceMinutes(3);
    setPhase(doc, ops, { phase: 'monitoring', note: 'failover done' });
    let room = readRoom(doc, { now: clock.now() });
    expect(room.phase).toBe('monitoring');
    expect(room.monitoringSince).toBe('2026-03-24T02:50:00.000Z');
    expect(room.timeline.at(-1)).toMatchObject({
      kind: 'milestone',
      text: 'Phase: monitoring: failover done',
    });
    setPhase(doc, ops, { phase: 'identified' });
    room = readRoom(doc, { now: clock.now() });
    expect(room.monitoringSince).toBeNull();
  });

  it('refuses resolved (that has a guard) and the phase the room is already in', () => {
    const { doc, ic } = declaredTestRoom();
    expectRefused(doc, 'use-resolve', () => setPhase(doc, ic, { phase: 'resolved' }));
    expectRefused(doc, 'invalid-transition', () => setPhase(doc, ic, { phase: 'investigating' }));
    expectRefused(doc, 'invalid-input', () =>
      setPhase(doc, ic, { phase: 'panicking' as 'monitoring' }),
    );
  });
});

describe('assignRole', () => {
  it('hands over a role and logs the handoff', () => {
    const { doc, clock, ic } = declaredTestRoom();
    const { entryId } = assignRole(doc, ic, { role: 'ic', person: PEOPLE.ops });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.roles.ic).toEqual(PEOPLE.ops);
    expect(room.timeline.find((e) => e.id === entryId)).toMatchObject({
      kind: 'role',
      text: 'Incident commander: Iris → Omar',
      ref: { type: 'role', role: 'ic', person: PEOPLE.ops },
    });
  });

  it('lets anyone fill a role (the IC may be the one who dropped off) and stand a role down', () => {
    const { doc, clock, bystander } = declaredTestRoom();
    assignRole(doc, bystander, { role: 'scribe', person: PEOPLE.bystander });
    expect(readRoom(doc, { now: clock.now() }).roles.scribe).toEqual(PEOPLE.bystander);
    assignRole(doc, bystander, { role: 'scribe', person: null });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.roles.scribe).toBeUndefined();
    expect(room.timeline.at(-1)?.text).toBe('Scribe: Bea stood down');
  });

  it('refuses leaving the incident without a commander, no-op handoffs and bad roles', () => {
    const { doc, ic } = declaredTestRoom();
    expectRefused(doc, 'invalid-transition', () =>
      assignRole(doc, ic, { role: 'ic', person: null }),
    );
    expectRefused(doc, 'invalid-transition', () =>
      assignRole(doc, ic, { role: 'ops', person: PEOPLE.ops }),
    );
    expectRefused(doc, 'invalid-input', () =>
      assignRole(doc, ic, { role: 'cto' as 'ic', person: PEOPLE.ops }),
    );
    expectRefused(doc, 'invalid-input', () =>
      assignRole(doc, ic, { role: 'ops', person: { id: 'x', name: '' } }),
    );
  });
});

describe('setMilestone', () => {
  it('sets, corrects and clears milestones, each on the timeline at the moment it names', () => {
    const { doc, clock, scribe } = declaredTestRoom();
    const { entryId } = setMilestone(doc, scribe, { name: 'detected', at: '2026-03-24T02:45:00Z' });
    let room = readRoom(doc, { now: clock.now() });
    expect(room.milestones.detected).toBe('2026-03-24T02:45:00.000Z');
    expect(room.timeline.find((e) => e.id === entryId)).toMatchObject({
      kind: 'milestone',
      at: '2026-03-24T02:45:00.000Z',
      text: 'Detected',
    });
    setMilestone(doc, scribe, { name: 'detected', at: '2026-03-24T02:44:00Z' });
    setMilestone(doc, scribe, { name: 'impactStarted', at: '2026-03-24T02:40:00Z' });
    room = readRoom(doc, { now: clock.now() });
    expect(room.metrics.timeToDetectMs).toBe(4 * 60_000);
    setMilestone(doc, scribe, { name: 'impactStarted', at: null });
    room = readRoom(doc, { now: clock.now() });
    expect(room.milestones.impactStarted).toBeNull();
    expect(room.metrics.timeToDetectMs).toBeNull();
  });

  it('refuses the resolved milestone before resolution, unknown names, bad and future times', () => {
    const { doc, scribe } = declaredTestRoom();
    expectRefused(doc, 'use-resolve', () =>
      setMilestone(doc, scribe, { name: 'resolved', at: '2026-03-24T02:46:00Z' }),
    );
    expectRefused(doc, 'invalid-input', () =>
      setMilestone(doc, scribe, { name: 'fixed' as 'resolved', at: '2026-03-24T02:46:00Z' }),
    );
    expectRefused(doc, 'invalid-input', () =>
      setMilestone(doc, scribe, { name: 'detected', at: 'yesterday' }),
    );
    expectRefused(doc, 'invalid-input', () =>
      setMilestone(doc, scribe, { name: 'detected', at: '2026-03-25T00:00:00Z' }),
    );
  });

  it('is idempotent: repeating a milestone (a webhook retry) changes nothing and is not refused', () => {
    const { doc, scribe } = declaredTestRoom();
    setMilestone(doc, scribe, { name: 'detected', at: '2026-03-24T02:45:00Z' });
    const before = Y.encodeStateAsUpdate(doc);
    expect(
      setMilestone(doc, scribe, { name: 'detected', at: Date.parse('2026-03-24T02:45:00Z') }),
    ).toEqual({
      entryId: null,
    });
    expect(setMilestone(doc, scribe, { name: 'mitigated', at: null })).toEqual({ entryId: null });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
