import { describe, expect, it } from 'vitest';
import { expectRefused } from '../fixtures/expect-refused';
import { PEOPLE, declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import { approveStatusUpdate, publishStatusUpdate, setStatusDraft } from './status-update';

const TEMPLATE_DRAFT =
  '[Investigating] transactions-db: writes fail\n\nCurrent impact: [what customers are experiencing]\n\nNext update by [time].';
const PLACEHOLDERS = ['[what customers are experiencing]', '[time]'];

describe('unfilled placeholders', () => {
  it('block approval with a message naming each one still in the draft', () => {
    const { doc, clock, ic, comms } = declaredTestRoom();
    setStatusDraft(doc, comms, { text: TEMPLATE_DRAFT, placeholders: PLACEHOLDERS });
    expect(readRoom(doc, { now: clock.now() }).status.unfilledPlaceholders).toEqual(PLACEHOLDERS);
    for (const approver of [ic, comms]) {
      const refusal = expectRefused(doc, 'status-placeholders', () =>
        approveStatusUpdate(doc, approver),
      );
      expect(refusal.message).toBe(
        'The draft still has unfilled placeholders: [what customers are experiencing], [time]. Fill them in, or the IC may approve anyway.',
      );
    }
    // Filling one leaves the other named; filling both lets the approval through.
    const halfFilled = TEMPLATE_DRAFT.replace('[time]', '03:15 UTC');
    setStatusDraft(doc, comms, { text: halfFilled });
    expect(
      expectRefused(doc, 'status-placeholders', () => approveStatusUpdate(doc, ic)).message,
    ).toMatch(/placeholders: \[what customers are experiencing\]\. /);
    setStatusDraft(doc, comms, {
      text: halfFilled.replace('[what customers are experiencing]', 'Payments fail'),
    });
    expect(readRoom(doc, { now: clock.now() }).status.unfilledPlaceholders).toEqual([]);
    approveStatusUpdate(doc, comms);
    expect(readRoom(doc, { now: clock.now() }).status.review).toBe('approved');
  });

  it('only recorded prompts count: the template’s tag and brackets the writer typed never block', () => {
    const { doc, ic } = declaredTestRoom();
    setStatusDraft(doc, ic, {
      text: '[Investigating] Logins fail for [EU] customers [see status page].',
    });
    approveStatusUpdate(doc, ic);
  });

  it('the IC may approve anyway; the override is logged with who and which placeholders', () => {
    const { doc, clock, ic } = declaredTestRoom();
    setStatusDraft(doc, ic, { text: TEMPLATE_DRAFT, placeholders: PLACEHOLDERS });
    clock.advanceMinutes(2);
    approveStatusUpdate(doc, ic, { allowPlaceholders: true });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.status.review).toBe('approved');
    const logged = room.timeline.filter((entry) => /placeholders/.test(entry.text));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      kind: 'comms',
      at: '2026-03-24T02:49:00.000Z',
      author: { id: PEOPLE.ic.id, name: PEOPLE.ic.name },
      text: 'Status update approved with unfilled placeholders by Iris: [what customers are experiencing], [time]',
    });
    expect(publishStatusUpdate(doc, ic).id).toBeTruthy();
    expect(readRoom(doc, { now: clock.now() }).status.updates[0]?.text).toBe(TEMPLATE_DRAFT);
  });

  it('the override is the IC’s alone; without placeholders it logs nothing', () => {
    const { doc, clock, ic, comms } = declaredTestRoom();
    setStatusDraft(doc, comms, { text: TEMPLATE_DRAFT, placeholders: PLACEHOLDERS });
    expect(
      expectRefused(doc, 'not-permitted', () =>
        approveStatusUpdate(doc, comms, { allowPlaceholders: true }),
      ).message,
    ).toMatch(/Only the incident commander may approve a draft with unfilled placeholders/);
    const entriesBefore = readRoom(doc, { now: clock.now() }).timeline.length;
    setStatusDraft(doc, comms, { text: 'Payments fail. Next update 03:15 UTC.' });
    approveStatusUpdate(doc, ic, { allowPlaceholders: true });
    expect(readRoom(doc, { now: clock.now() }).timeline).toHaveLength(entriesBefore);
  });

  it('refuses malformed placeholders and changes nothing', () => {
    const { doc, comms } = declaredTestRoom();
    expectRefused(doc, 'invalid-input', () =>
      setStatusDraft(doc, comms, { text: 'x', placeholders: ['  '] }),
    );
    expectRefused(doc, 'invalid-input', () =>
      setStatusDraft(doc, comms, { text: 'x', placeholders: ['y'.repeat(201)] }),
    );
  });
});
