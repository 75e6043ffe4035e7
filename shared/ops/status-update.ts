import { z } from 'zod';
import type * as Y from 'yjs';
import { uuidv4 } from 'lib0/random';
import { PHASES } from '../doc/enums';
import { LIMITS } from '../doc/limits';
import type { RoomRoots } from '../doc/roots';
import { asStatusApproval } from '../doc/shapes';
import {
  MAX_PLACEHOLDER_CHARS,
  MAX_RECORDED_PLACEHOLDERS,
  asPlaceholderList,
  unfilledPlaceholders,
} from '../doc/status-placeholders';
import type { StatusApproval, StatusUpdateSnapshot, Stamp } from '../doc/types';
import { spliceText } from '../util/text-splice';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { writePhaseChange } from './phase';
import { holdsRole, requireDeclared, type DeclaredRoom } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { actorPerson, optionalText, parseInput } from './validate';

const placeholdersSchema = z
  .array(
    z
      .string()
      .max(MAX_PLACEHOLDER_CHARS, { error: `must be at most ${MAX_PLACEHOLDER_CHARS} characters` })
      .refine((text) => text.trim() !== '', { error: 'must not be empty' }),
  )
  .max(MAX_RECORDED_PLACEHOLDERS, { error: `at most ${MAX_RECORDED_PLACEHOLDERS} placeholders` });

const draftSchema = z.object({
  text: optionalText(LIMITS.statusDraftChars),
  /** The prompts a template left in `text` (its `[service]`-style blanks); see approval. */
  placeholders: placeholdersSchema.optional(),
});
export type SetStatusDraftInput = z.input<typeof draftSchema>;

/**
 * Replaces the draft's text by splicing only the changed span, so a collaborator typing elsewhere
 * in the draft keeps their words. (Editors bound to the Y.Text directly need not call this.)
 * A client inserting a template passes the prompts the template left (`placeholders`); they are
 * added to the recorded ones, and approval is refused while the draft still contains any.
 */
export function setStatusDraft(
  doc: Y.Doc,
  ctx: OperationContext,
  input: SetStatusDraftInput,
): { changed: boolean } {
  checkContext(ctx);
  const parsed = parseInput(draftSchema, input);
  const room = requireDeclared(doc);
  return commit(doc, ctx, () => {
    if (parsed.placeholders?.length) recordPlaceholders(room, parsed.placeholders, 'add');
    return { changed: spliceText(room.roots.statusDraft, parsed.text) };
  });
}

/**
 * Asks the IC or comms lead to approve the draft as it reads now. Only people who cannot approve
 * need this: an approver approves directly (`approveStatusUpdate`), without asking themselves.
 */
export function requestStatusReview(doc: Y.Doc, ctx: OperationContext): { requestedAt: string } {
  checkContext(ctx);
  const room = requireDeclared(doc);
  requireDraftText(room.roots);
  const request: Stamp = { by: actorPerson(ctx), at: toIso(ctx.now()) };
  return commit(doc, ctx, () => {
    room.roots.statusReview.set('request', request);
    return { requestedAt: request.at };
  });
}

const approveSchema = z.object({
  /** The IC's explicit "approve anyway" for a draft that still has unfilled placeholders. */
  allowPlaceholders: z.boolean().optional(),
});
export type ApproveStatusUpdateInput = z.input<typeof approveSchema>;

/**
 * The IC or the comms lead approves the draft in one action, whether or not anyone asked for a
 * review (asking is how the others get an approver's attention). The approval stores the exact
 * text approved; it holds only while the draft still reads exactly that (see
 * `statusReviewState`), so an edit made anywhere, even concurrently on another replica, voids it
 * without anyone having to notice.
 *
 * A draft that still contains a prompt its template left (`[service]`) is refused, naming them,
 * unless the IC approves anyway (`allowPlaceholders`); that override is logged on the timeline.
 */
export function approveStatusUpdate(
  doc: Y.Doc,
  ctx: OperationContext,
  input: ApproveStatusUpdateInput = {},
): { approvedAt: string } {
  checkContext(ctx);
  const parsed = parseInput(approveSchema, input);
  const room = requireDeclared(doc);
  const isIc = holdsRole(room.roots, 'ic', ctx);
  if (!isIc && !holdsRole(room.roots, 'comms', ctx)) {
    throw new OperationError(
      'not-permitted',
      'Only the incident commander or the comms lead may approve a status update.',
    );
  }
  const text = requireDraftText(room.roots);
  const unfilled = unfilledPlaceholders(text, room.roots.statusReview.get('placeholders'));
  if (unfilled.length > 0 && parsed.allowPlaceholders !== true) {
    throw new OperationError(
      'status-placeholders',
      `The draft still has unfilled placeholders: ${unfilled.join(', ')}. Fill them in, or the IC may approve anyway.`,
    );
  }
  if (unfilled.length > 0 && !isIc) {
    throw new OperationError(
      'not-permitted',
      `Only the incident commander may approve a draft with unfilled placeholders (${unfilled.join(', ')}).`,
    );
  }
  const approval: StatusApproval = { text, by: actorPerson(ctx), at: toIso(ctx.now()) };
  return commit(doc, ctx, () => {
    room.roots.statusReview.set('approval', approval);
    if (unfilled.length > 0) {
      appendTimelineEntry(room.roots, ctx, {
        kind: 'comms',
        at: approval.at,
        text: `Status update approved with unfilled placeholders by ${approval.by.name}: ${unfilled.join(', ')}`,
      });
    }
    return { approvedAt: approval.at };
  });
}

const publishSchema = z.object({
  /** The phase the update is published under; default the room's. Another moves the room. */
  phase: z.enum(PHASES, { error: `must be one of ${PHASES.join(', ')}` }).optional(),
  /** What the draft becomes once published; without it the published text stays as the draft. */
  nextDraft: z
    .object({ text: optionalText(LIMITS.statusDraftChars), placeholders: placeholdersSchema })
    .optional(),
});
export type PublishStatusUpdateInput = z.input<typeof publishSchema>;

/**
 * Publishes the approved draft as an immutable snapshot and records it on the timeline. Refused
 * unless the current approval matches the draft exactly. Clears the review for the next update.
 *
 * Published under another phase than the room's, it moves the room there first (as `setPhase`
 * does, with its timeline entry): on a status page an "identified" update is what says the
 * incident is identified. "resolved" only names a room already resolved, because resolving
 * checks the stabilization window (`resolveIncident`). `nextDraft` starts the next update from
 * new text (a template, say) instead of the published one.
 */
export function publishStatusUpdate(
  doc: Y.Doc,
  ctx: OperationContext,
  input: PublishStatusUpdateInput = {},
): { id: string; entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(publishSchema, input);
  const room = requireDeclared(doc);
  const text = requireDraftText(room.roots);
  const approval = asStatusApproval(room.roots.statusReview.get('approval'));
  if (!approval) {
    throw new OperationError('status-not-approved', 'The draft has not been approved.');
  }
  if (approval.text !== text) {
    throw new OperationError(
      'status-not-approved',
      'The draft changed after it was approved; it needs approval again.',
    );
  }
  const phase = parsed.phase ?? room.phase.name;
  if (phase === 'resolved' && room.phase.name !== 'resolved') {
    throw new OperationError(
      'use-resolve',
      'Resolve the incident first (resolving checks the stabilization window), then publish the resolved update.',
    );
  }
  const id = uuidv4();
  const now = toIso(ctx.now());
  return commit(doc, ctx, () => {
    if (phase !== room.phase.name && phase !== 'resolved') {
      writePhaseChange(room, ctx, phase, now, 'set by publishing a status update');
    }
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'comms',
      at: now,
      text: `Status update published (${phase}): ${approval.text}`,
      ref: { type: 'statusUpdate', id },
    });
    const snapshot: StatusUpdateSnapshot = {
      id,
      text: approval.text,
      severity: room.severity,
      phase,
      publishedBy: actorPerson(ctx),
      publishedAt: now,
      approvedBy: approval.by,
      approvedAt: approval.at,
      entryId,
    };
    room.roots.statusUpdates.push([snapshot]);
    room.roots.statusReview.set('request', null);
    room.roots.statusReview.set('approval', null);
    if (parsed.nextDraft) {
      spliceText(room.roots.statusDraft, parsed.nextDraft.text);
      recordPlaceholders(room, parsed.nextDraft.placeholders, 'replace');
    }
    return { id, entryId };
  });
}

/**
 * Adds to (or replaces) the recorded prompts; call inside a transaction. A union, so a second
 * template inserted into the same draft keeps the first one's prompts; capped at the limit.
 */
function recordPlaceholders(
  room: DeclaredRoom,
  placeholders: readonly string[],
  mode: 'add' | 'replace',
): void {
  const kept = mode === 'add' ? asPlaceholderList(room.roots.statusReview.get('placeholders')) : [];
  const merged = [...new Set([...kept, ...placeholders])].slice(-MAX_RECORDED_PLACEHOLDERS);
  room.roots.statusReview.set('placeholders', merged);
}

function requireDraftText(roots: RoomRoots): string {
  const text = roots.statusDraft.toJSON();
  if (text.trim() === '') throw new OperationError('status-empty', 'The status draft is empty.');
  return text;
}
