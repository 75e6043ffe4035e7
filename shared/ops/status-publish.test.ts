import { describe, expect, it } from 'vitest';
import { expectRefused } from '../fixtures/expect-refused';
import { declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import { setPhase } from './phase';
import { resolveIncident } from './resolve';
import { approveStatusUpdate, publishStatusUpdate, setStatusDraft } from './status-update';

const DRAFT = 'We found the cause: a full disk on the primary. A fix is under way.';

function approvedRoom() {
  const room = declaredTestRoom();
  setStatusDraft(room.doc, room.comms, { text: DRAFT });
  approveStatusUpdate(room.doc, room.ic);
  return room;
}

describe('publishing a status update', () => {
  it('under another phase moves the room there, logged like a phase change, and the update says so', () => {
    const { doc, clock, comms } = approvedRoom();
    clock.advanceMinutes(3);
    const { id, entryId } = publishStatusUpdate(doc, comms, { phase: 'identified' });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.phase).toBe('identified');
    expect(room.status.updates).toMatchObject([{ id, phase: 'identified', text: DRAFT }]);
    const phaseEntry = room.timeline.find((entry) => entry.ref?.type === 'phase');
    expect(phaseEntry).toMatchObject({
      kind: 'milestone',
      at: '2026-03-24T02:50:00.000Z',
      text: 'Phase: identified: set by publishing a status update',
      ref: { type: 'phase', from: 'investigating', to: 'identified' },
    });
    expect(room.timeline.find((entry) => entry.id === entryId)?.text).toBe(
      `Status update published (identified): ${DRAFT}`,
    );
  });

  it('defaults to the room’s phase, and changes no phase when told the one it is in', () => {
    const { doc, clock, comms, ic } = approvedRoom();
    setPhase(doc, ic, { phase: 'monitoring' });
    publishStatusUpdate(doc, comms);
    setStatusDraft(doc, comms, { text: `${DRAFT} Recovering.` });
    approveStatusUpdate(doc, ic);
    publishStatusUpdate(doc, comms, { phase: 'monitoring' });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.status.updates.map((update) => update.phase)).toEqual(['monitoring', 'monitoring']);
    expect(room.timeline.filter((entry) => entry.ref?.type === 'phase')).toHaveLength(1);
  });

  it('refuses "resolved" for a room not yet resolved (resolving checks stabilization), and allows it after', () => {
    const { doc, clock, comms, ic } = approvedRoom();
    expect(
      expectRefused(doc, 'use-resolve', () =>
        publishStatusUpdate(doc, comms, { phase: 'resolved' }),
      ).message,
    ).toMatch(/^Resolve the incident first/);
    resolveIncident(doc, ic, { overrideReason: 'drill' });
    publishStatusUpdate(doc, comms, { phase: 'resolved' });
    expect(readRoom(doc, { now: clock.now() }).status.updates[0]?.phase).toBe('resolved');
  });

  it('starts the next draft from the given text and its placeholders; the published text stays in the list', () => {
    const { doc, clock, comms, ic } = approvedRoom();
    const next = '[Identified] transactions-db: [what customers are experiencing]';
    publishStatusUpdate(doc, comms, {
      nextDraft: { text: next, placeholders: ['[what customers are experiencing]'] },
    });
    const status = readRoom(doc, { now: clock.now() }).status;
    expect(status.draft).toBe(next);
    expect(status.review).toBe('draft');
    expect(status.updates[0]?.text).toBe(DRAFT);
    expect(status.unfilledPlaceholders).toEqual(['[what customers are experiencing]']);
    expectRefused(doc, 'status-placeholders', () => approveStatusUpdate(doc, ic));
  });

  it('without a next draft keeps the published text as the draft, and refuses bad input whole', () => {
    const { doc, clock, comms } = approvedRoom();
    expectRefused(doc, 'invalid-input', () =>
      publishStatusUpdate(doc, comms, { phase: 'fixed' as 'identified' }),
    );
    expectRefused(doc, 'invalid-input', () =>
      publishStatusUpdate(doc, comms, {
        nextDraft: { text: 'x'.repeat(10_001), placeholders: [] },
      }),
    );
    publishStatusUpdate(doc, comms);
    expect(readRoom(doc, { now: clock.now() }).status.draft).toBe(DRAFT);
  });
});
