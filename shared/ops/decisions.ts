import { z } from 'zod';
import * as Y from 'yjs';
import { uuidv4 } from 'lib0/random';
import { LIMITS } from '../doc/limits';
import { findEntityMap, type RoomRoots } from '../doc/roots';
import { isRecord } from '../doc/shapes';
import type { DecisionOutcome, DecisionSupersession } from '../doc/types';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared, requireIncidentCommander } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { actorPerson, idSchema, optionalText, parseInput, requiredText } from './validate';

const proposeSchema = z.object({
  proposal: requiredText(LIMITS.decisionFieldChars),
  rationale: optionalText(LIMITS.decisionFieldChars).optional(),
  risk: optionalText(LIMITS.decisionFieldChars).optional(),
});

export type ProposeDecisionInput = z.input<typeof proposeSchema>;

/**
 * "I want to try X": a request for the IC, not an action. It appears on the timeline and in the
 * pending decisions until the IC approves or rejects it.
 */
export function proposeDecision(
  doc: Y.Doc,
  ctx: OperationContext,
  input: ProposeDecisionInput,
): { id: string } {
  checkContext(ctx);
  const parsed = parseInput(proposeSchema, input);
  const room = requireDeclared(doc);
  const id = uuidv4();
  const now = toIso(ctx.now());
  return commit(doc, ctx, () => {
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'decision',
      at: now,
      text: `Proposed: ${parsed.proposal}`,
      ref: { type: 'decision', id, event: 'proposed' },
    });
    const decision = new Y.Map<unknown>();
    decision.set('id', id);
    decision.set('proposal', parsed.proposal);
    decision.set('rationale', parsed.rationale?.trim() || null);
    decision.set('risk', parsed.risk?.trim() || null);
    decision.set('proposer', actorPerson(ctx));
    decision.set('proposedAt', now);
    decision.set('proposalEntryId', entryId);
    // Outcome and supersession are single keys holding whole objects, so the status, who
    // decided, and the timeline entry recording it can never come from different writers.
    decision.set('outcome', null);
    decision.set('supersession', null);
    room.roots.decisions.push([decision]);
    return { id };
  });
}

const decideSchema = z.object({
  id: idSchema,
  reason: optionalText(LIMITS.reasonChars).optional(),
});

export type DecideInput = z.input<typeof decideSchema>;

/** The IC approves a proposal; the approval lands on the timeline in the same transaction. */
export function approveDecision(
  doc: Y.Doc,
  ctx: OperationContext,
  input: DecideInput,
): { entryId: string } {
  return decide(doc, ctx, input, 'approved');
}

/** The IC rejects a proposal, ideally saying why; the rejection lands on the timeline. */
export function rejectDecision(
  doc: Y.Doc,
  ctx: OperationContext,
  input: DecideInput,
): { entryId: string } {
  return decide(doc, ctx, input, 'rejected');
}

function decide(
  doc: Y.Doc,
  ctx: OperationContext,
  input: DecideInput,
  status: DecisionOutcome['status'],
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(decideSchema, input);
  const room = requireDeclared(doc);
  const decision = requireDecision(room.roots, parsed.id);
  requireIncidentCommander(
    room.roots,
    ctx,
    status === 'approved' ? 'approve decisions' : 'reject decisions',
  );
  if (decision.get('outcome') != null || decision.get('supersession') != null) {
    throw new OperationError('invalid-transition', 'That decision has already been decided.');
  }
  const reason = parsed.reason?.trim() || null;
  const proposal = String(decision.get('proposal'));
  const now = toIso(ctx.now());
  return commit(doc, ctx, () => {
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'decision',
      at: now,
      text: `${status === 'approved' ? 'Approved' : 'Rejected'}: ${proposal}${reason ? ` (${reason})` : ''}`,
      ref: { type: 'decision', id: parsed.id, event: status },
    });
    const outcome: DecisionOutcome = { status, by: actorPerson(ctx), at: now, reason, entryId };
    decision.set('outcome', outcome);
    return { entryId };
  });
}

const supersedeSchema = z.object({
  id: idSchema,
  reason: requiredText(LIMITS.reasonChars),
  /** The decision that replaces this one, if there is one. */
  supersededById: idSchema.optional(),
});

export type SupersedeDecisionInput = z.input<typeof supersedeSchema>;

/** The IC retires an approved decision (the plan changed); recorded on the timeline. */
export function supersedeDecision(
  doc: Y.Doc,
  ctx: OperationContext,
  input: SupersedeDecisionInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(supersedeSchema, input);
  const room = requireDeclared(doc);
  const decision = requireDecision(room.roots, parsed.id);
  requireIncidentCommander(room.roots, ctx, 'supersede decisions');
  const outcome = decision.get('outcome');
  if (!isRecord(outcome) || outcome.status !== 'approved' || decision.get('supersession') != null) {
    throw new OperationError(
      'invalid-transition',
      'Only an approved, current decision can be superseded.',
    );
  }
  if (parsed.supersededById !== undefined) {
    if (parsed.supersededById === parsed.id) {
      throw new OperationError(
        'invalid-input',
        'supersededById: a decision cannot supersede itself.',
      );
    }
    requireDecision(room.roots, parsed.supersededById);
  }
  const proposal = String(decision.get('proposal'));
  const reason = parsed.reason.trim();
  const now = toIso(ctx.now());
  return commit(doc, ctx, () => {
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'decision',
      at: now,
      text: `Superseded: ${proposal} (${reason})`,
      ref: { type: 'decision', id: parsed.id, event: 'superseded' },
    });
    const supersession: DecisionSupersession = {
      by: actorPerson(ctx),
      at: now,
      reason,
      supersededById: parsed.supersededById ?? null,
      entryId,
    };
    decision.set('supersession', supersession);
    return { entryId };
  });
}

function requireDecision(roots: RoomRoots, id: string): Y.Map<unknown> {
  const decision = findEntityMap(roots.decisions, id);
  if (!decision) throw new OperationError('not-found', `No decision has id ${id}.`);
  return decision;
}
