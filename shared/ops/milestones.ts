import { z } from 'zod';
import type * as Y from 'yjs';
import { MILESTONES, MILESTONE_TITLES } from '../doc/enums';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { checkNotFuture, instantSchema, parseInput } from './validate';

const setMilestoneSchema = z.object({
  name: z.enum(MILESTONES, { error: `must be one of ${MILESTONES.join(', ')}` }),
  /** ISO-8601 with zone or epoch ms; null clears the milestone. */
  at: instantSchema.nullable(),
});

export type SetMilestoneInput = z.input<typeof setMilestoneSchema>;

/**
 * Sets (or with `at: null` clears) a milestone; the relay events API and CLI call this as
 * `setMilestone(doc, ctx, { name, at })`. `resolved` is refused while the incident is not
 * resolved: resolving has a guard and goes through `resolveIncident`; afterwards its time may be
 * corrected here. Setting a milestone to the time it already has changes nothing and returns
 * `entryId: null`.
 */
export function setMilestone(
  doc: Y.Doc,
  ctx: OperationContext,
  input: SetMilestoneInput,
): { entryId: string | null } {
  const write = prepareSetMilestone(doc, ctx, input);
  return write === null ? { entryId: null } : commit(doc, ctx, write);
}

/**
 * Everything `setMilestone` checks, against the room as it is now, without writing; returns the
 * write (to run inside a transaction), or null when the milestone already has that time. The
 * relay's events API checks every event of a request this way before writing any of them. The
 * write cannot be refused: its guards read only the phase, which milestones do not change; it
 * checks the current time again itself, so two events of one batch naming the same milestone and
 * time write it once, as they would one after the other.
 */
export function prepareSetMilestone(
  doc: Y.Doc,
  ctx: OperationContext,
  input: SetMilestoneInput,
): (() => { entryId: string | null }) | null {
  checkContext(ctx);
  const parsed = parseInput(setMilestoneSchema, input);
  const room = requireDeclared(doc);
  if (parsed.name === 'resolved' && room.phase.name !== 'resolved') {
    throw new OperationError(
      'use-resolve',
      'Resolve the incident with resolveIncident, which checks stabilization.',
    );
  }
  if (parsed.at !== null) checkNotFuture(parsed.at, ctx);
  if (parsed.name === 'resolved' && parsed.at === null) {
    throw new OperationError(
      'invalid-input',
      'at: a resolved incident keeps its resolved time; reopen it instead.',
    );
  }
  const { milestones } = room.roots;
  // Idempotent: an alert webhook or script that repeats a milestone must not have its event
  // refused (and its words lost) for saying something the room already knows.
  const alreadySet = () => (milestones.get(parsed.name) ?? null) === parsed.at;
  if (alreadySet()) return null;
  return () => {
    if (alreadySet()) return { entryId: null };
    if (parsed.at === null) milestones.delete(parsed.name);
    else milestones.set(parsed.name, parsed.at);
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'milestone',
      // A milestone entry sits at the moment it names, so the timeline reads in order.
      at: parsed.at ?? toIso(ctx.now()),
      text:
        parsed.at === null
          ? `${MILESTONE_TITLES[parsed.name]} milestone cleared`
          : `${MILESTONE_TITLES[parsed.name]}`,
      ref: { type: 'milestone', name: parsed.name, at: parsed.at },
    });
    return { entryId };
  };
}
