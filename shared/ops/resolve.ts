import { z } from 'zod';
import type * as Y from 'yjs';
import { LIMITS } from '../doc/limits';
import type { PhaseState } from '../doc/types';
import { stabilizationState } from '../rules/stabilization';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared, requireIncidentCommander } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { actorPerson, optionalText, parseInput } from './validate';

const resolveSchema = z.object({
  /**
   * Resolve before the stabilization window has passed (or from outside monitoring). The reason
   * is logged; without it the guard applies.
   */
  overrideReason: optionalText(LIMITS.reasonChars).optional(),
});

export type ResolveIncidentInput = z.input<typeof resolveSchema>;

/**
 * The IC calls the incident resolved. Refused unless the room has been in monitoring for its
 * stabilization window (incidents "bounce"), or the IC overrides with a logged reason. Sets the
 * resolved milestone and phase in one transaction.
 */
export function resolveIncident(
  doc: Y.Doc,
  ctx: OperationContext,
  input: ResolveIncidentInput = {},
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(resolveSchema, input);
  const room = requireDeclared(doc);
  requireIncidentCommander(room.roots, ctx, 'resolve the incident');
  if (room.phase.name === 'resolved') {
    throw new OperationError('invalid-transition', 'The incident is already resolved.');
  }
  const nowMs = ctx.now();
  const overrideReason = parsed.overrideReason?.trim() || null;
  const stabilization = stabilizationState(room.phase, room.policy, nowMs);
  if (!stabilization.satisfied && !overrideReason) {
    const why =
      stabilization.clearAt === null
        ? `The incident is in ${room.phase.name}, not monitoring.`
        : `Monitoring began ${stabilization.monitoringSince}; the ${room.policy.stabilizationMinutes}-minute stabilization window ends ${stabilization.clearAt}.`;
    throw new OperationError(
      'stabilization-pending',
      `${why} Wait, or resolve with an override reason.`,
    );
  }
  const now = toIso(nowMs);
  return commit(doc, ctx, () => {
    if (!stabilization.satisfied && overrideReason) {
      appendTimelineEntry(room.roots, ctx, {
        kind: 'decision',
        at: now,
        text: `Resolved without the full stabilization window: ${overrideReason}`,
        ref: { type: 'resolveOverride', reason: overrideReason },
      });
    }
    const phase: PhaseState = { name: 'resolved', since: now, by: actorPerson(ctx) };
    room.roots.meta.set('phase', phase);
    room.roots.milestones.set('resolved', now);
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'milestone',
      at: now,
      text: 'Incident resolved',
      ref: { type: 'phase', from: room.phase.name, to: 'resolved' },
    });
    return { entryId };
  });
}
