import { z } from 'zod';
import type * as Y from 'yjs';
import { uuidv4 } from 'lib0/random';
import { LIMITS } from '../doc/limits';
import type { RoomRoots } from '../doc/roots';
import { asStatusApproval } from '../doc/shapes';
import type { StatusApproval, StatusUpdateSnapshot, Stamp } from '../doc/types';
import { spliceText } from '../util/text-splice';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { holdsRole, requireDeclared } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { actorPerson, optionalText, parseInput } from './validate';

const draftSchema = z.object({ text: optionalText(LIMITS.statusDraftChars) });
export type SetStatusDraftInput = z.input<typeof draftSchema>;

/**
 * Replaces the draft's text by splicing only the changed span, so a collaborator typing elsewhere
 * in the draft keeps their words. (Editors bound to the Y.Text directly need not call this.)
 */
export function setStatusDraft(
  doc: Y.Doc,
  ctx: OperationContext,
  input: SetStatusDraftInput,
): { changed: boolean } {
  checkContext(ctx);
  const parsed = parseInput(draftSchema, input);
  const room = requireDeclared(doc);
  return commit(doc, ctx, () => ({ changed: spliceText(room.roots.statusDraft, parsed.text) }));
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

/**
 * The IC or the comms lead approves the draft in one action, whether or not anyone asked for a
 * review (asking is how the others get an approver's attention). The approval stores the exact text approved; it
 * holds only while the draft still reads exactly that (see `statusReviewState`), so an edit made
 * anywhere, even concurrently on another replica, voids it without anyone having to notice.
 */
export function approveStatusUpdate(doc: Y.Doc, ctx: OperationContext): { approvedAt: string } {
  checkContext(ctx);
  const room = requireDeclared(doc);
  if (!holdsRole(room.roots, 'ic', ctx) && !holdsRole(room.roots, 'comms', ctx)) {
    throw new OperationError(
      'not-permitted',
      'Only the incident commander or the comms lead may approve a status update.',
    );
  }
  const text = requireDraftText(room.roots);
  const approval: StatusApproval = { text, by: actorPerson(ctx), at: toIso(ctx.now()) };
  return commit(doc, ctx, () => {
    room.roots.statusReview.set('approval', approval);
    return { approvedAt: approval.at };
  });
}

/**
 * Publishes the approved draft as an immutable snapshot and records it on the timeline. Refused
 * unless the current approval matches the draft exactly. Clears the review for the next update;
 * the draft text stays as the starting point.
 */
export function publishStatusUpdate(
  doc: Y.Doc,
  ctx: OperationContext,
): { id: string; entryId: string } {
  checkContext(ctx);
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
  const id = uuidv4();
  const now = toIso(ctx.now());
  return commit(doc, ctx, () => {
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'comms',
      at: now,
      text: `Status update published (${room.phase.name}): ${approval.text}`,
      ref: { type: 'statusUpdate', id },
    });
    const snapshot: StatusUpdateSnapshot = {
      id,
      text: approval.text,
      severity: room.severity,
      phase: room.phase.name,
      publishedBy: actorPerson(ctx),
      publishedAt: now,
      approvedBy: approval.by,
      approvedAt: approval.at,
      entryId,
    };
    room.roots.statusUpdates.push([snapshot]);
    room.roots.statusReview.set('request', null);
    room.roots.statusReview.set('approval', null);
    return { id, entryId };
  });
}

function requireDraftText(roots: RoomRoots): string {
  const text = roots.statusDraft.toJSON();
  if (text.trim() === '') throw new OperationError('status-empty', 'The status draft is empty.');
  return text;
}
