import { z } from 'zod';
import type * as Y from 'yjs';
import { PHASES, type Phase } from '../doc/enums';
import { LIMITS } from '../doc/limits';
import type { PhaseState } from '../doc/types';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared, type DeclaredRoom } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { actorPerson, optionalText, parseInput } from './validate';

const setPhaseSchema = z.object({
  phase: z.enum(PHASES, { error: `must be one of ${PHASES.join(', ')}` }),
  note: optionalText(LIMITS.reasonChars).optional(),
});

export type SetPhaseInput = z.input<typeof setPhaseSchema>;

/**
 * Moves the response between investigating, identified and monitoring. Entering monitoring starts
 * the stabilization clock. Resolving goes through `resolveIncident` (it has a guard); moving a
 * resolved room back to another phase reopens it and clears the resolved milestone.
 */
export function setPhase(
  doc: Y.Doc,
  ctx: OperationContext,
  input: SetPhaseInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(setPhaseSchema, input);
  const room = requireDeclared(doc);
  if (parsed.phase === 'resolved') {
    throw new OperationError(
      'use-resolve',
      'Resolve the incident with resolveIncident, which checks stabilization.',
    );
  }
  if (room.phase.name === parsed.phase) {
    throw new OperationError('invalid-transition', `The incident is already in ${parsed.phase}.`);
  }
  const now = toIso(ctx.now());
  const to = parsed.phase; // narrowed above: not 'resolved'
  return commit(doc, ctx, () => writePhaseChange(room, ctx, to, now, parsed.note));
}

/**
 * The writes of a phase change, inside the caller's transaction, after its checks: the phase,
 * the resolved milestone cleared when reopening, and the timeline entry. Publishing a status
 * update under another phase moves the room through here too, so both read the same.
 */
export function writePhaseChange(
  room: DeclaredRoom,
  ctx: OperationContext,
  to: Exclude<Phase, 'resolved'>,
  now: string,
  rawNote?: string,
): { entryId: string } {
  const note = rawNote?.trim();
  const reopening = room.phase.name === 'resolved';
  const next: PhaseState = { name: to, since: now, by: actorPerson(ctx) };
  room.roots.meta.set('phase', next);
  if (reopening) room.roots.milestones.delete('resolved');
  const entryId = appendTimelineEntry(room.roots, ctx, {
    kind: 'milestone',
    at: now,
    text: `${reopening ? 'Reopened, now' : 'Phase'}: ${to}${note ? `: ${note}` : ''}`,
    ref: { type: 'phase', from: room.phase.name, to },
  });
  return { entryId };
}
