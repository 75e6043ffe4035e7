import { describe, expect, it } from 'vitest';
import { expectRefused } from '../fixtures/expect-refused';
import { declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import { setMilestone } from './milestones';
import { setPhase } from './phase';
import { resolveIncident } from './resolve';

describe('resolveIncident', () => {
  it('resolves after the stabilization window in monitoring: phase, milestone and timeline together', () => {
    const { doc, clock, ic } = declaredTestRoom();
    setPhase(doc, ic, { phase: 'monitoring' });
    clock.advanceMinutes(15);
    const { entryId } = resolveIncident(doc, ic);
    const room = readRoom(doc, { now: clock.now() });
    expect(room.phase).toBe('resolved');
    expect(room.milestones.resolved).toBe('2026-03-24T03:02:00.000Z');
    expect(room.timeline.find((e) => e.id === entryId)).toMatchObject({
      kind: 'milestone',
      text: 'Incident resolved',
    });
    expect(room.status.cadence.nextDueAt).toBeNull();
    expectRefused(doc, 'invalid-transition', () => resolveIncident(doc, ic));
  });

  it('refuses inside the stabilization window, saying when it ends', () => {
    const { doc, clock, ic } = declaredTestRoom();
    setPhase(doc, ic, { phase: 'monitoring' });
    clock.advanceMinutes(14);
    const refusal = expectRefused(doc, 'stabilization-pending', () => resolveIncident(doc, ic));
    expect(refusal.message).toMatch(/15-minute stabilization window ends 2026-03-24T03:02:00.000Z/);
  });

  it('refuses outside monitoring and for anyone but the IC', () => {
    const { doc, clock, ic, ops } = declaredTestRoom();
    clock.advanceMinutes(60);
    expectRefused(doc, 'stabilization-pending', () => resolveIncident(doc, ic));
    setPhase(doc, ic, { phase: 'monitoring' });
    clock.advanceMinutes(60);
    expectRefused(doc, 'not-incident-commander', () => resolveIncident(doc, ops));
  });

  it('lets the IC override the window with a logged reason', () => {
    const { doc, clock, ic } = declaredTestRoom();
    setPhase(doc, ic, { phase: 'monitoring' });
    clock.advanceMinutes(2);
    expectRefused(doc, 'stabilization-pending', () =>
      resolveIncident(doc, ic, { overrideReason: '   ' }),
    );
    resolveIncident(doc, ic, { overrideReason: 'False alarm: synthetic check misconfigured' });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.phase).toBe('resolved');
    expect(
      room.timeline.some(
        (e) =>
          e.text.includes('False alarm: synthetic check misconfigured') &&
          e.ref?.type === 'resolveOverride',
      ),
    ).toBe(true);
  });

  it('uses the room policy window, and a reopened room must stabilize again', () => {
    const { doc, clock, ic, ops } = declaredTestRoom({ policy: { stabilizationMinutes: 5 } });
    setPhase(doc, ic, { phase: 'monitoring' });
    clock.advanceMinutes(5);
    resolveIncident(doc, ic);
    setMilestone(doc, ops, { name: 'resolved', at: '2026-03-24T02:51:30Z' });
    expect(readRoom(doc, { now: clock.now() }).milestones.resolved).toBe(
      '2026-03-24T02:51:30.000Z',
    );
    clock.advanceMinutes(10);
    setPhase(doc, ops, { phase: 'investigating', note: 'errors are back' });
    let room = readRoom(doc, { now: clock.now() });
    expect(room.phase).toBe('investigating');
    expect(room.milestones.resolved).toBeNull();
    expect(room.timeline.at(-1)?.text).toBe('Reopened, now: investigating: errors are back');
    expectRefused(doc, 'stabilization-pending', () => resolveIncident(doc, ic));
    setPhase(doc, ic, { phase: 'monitoring' });
    clock.advanceMinutes(5);
    resolveIncident(doc, ic);
    room = readRoom(doc, { now: clock.now() });
    expect(room.milestones.resolved).toBe('2026-03-24T03:07:00.000Z');
  });
});
