import { z } from 'zod';
import type * as Y from 'yjs';
import { MAX_STATUS_PAGE_COMPONENTS, STATUS_PAGE_ID_PATTERN } from '../doc/keys';
import { asStatusPageChoice } from '../doc/shapes';
import type { StatusPageChoice } from '../doc/types';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared, requireIncidentCommander } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { actorPerson, parseInput } from './validate';

const statusPageIdSchema = z.string().regex(STATUS_PAGE_ID_PATTERN, {
  error: 'must be 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit',
});

const setStatusPageSchema = z.object({
  /** The page's id in the relay's status pages file; null takes the room off its page. */
  pageId: statusPageIdSchema.nullable(),
  /** The page's components the incident affects; ignored (and stored empty) when removing. */
  componentIds: z
    .array(statusPageIdSchema)
    .max(MAX_STATUS_PAGE_COMPONENTS, {
      error: `at most ${MAX_STATUS_PAGE_COMPONENTS} components`,
    })
    .optional(),
});

export type SetStatusPageInput = z.input<typeof setStatusPageSchema>;

/**
 * The IC lists the room on a public status page, under some of its components, or takes it off.
 * Only the choice is stored: which pages exist is the relay's configuration, so the relay skips a
 * page id it does not know rather than the room refusing it. The page then shows only what was
 * approved and published (`publishStatusUpdate`), never the draft or the timeline.
 */
export function setStatusPage(
  doc: Y.Doc,
  ctx: OperationContext,
  input: SetStatusPageInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(setStatusPageSchema, input);
  const room = requireDeclared(doc);
  requireIncidentCommander(room.roots, ctx, 'choose the status page');
  const componentIds = parsed.pageId === null ? [] : [...new Set(parsed.componentIds ?? [])];
  const current = asStatusPageChoice(room.roots.meta.get('statusPage'));
  if (
    (parsed.pageId === null && !current) ||
    (current &&
      current.pageId === parsed.pageId &&
      current.componentIds.join(' ') === componentIds.join(' '))
  ) {
    throw new OperationError(
      'invalid-transition',
      parsed.pageId === null
        ? 'The room is not on a status page.'
        : `The room is already on status page ${parsed.pageId} with these components.`,
    );
  }
  const at = toIso(ctx.now());
  return commit(doc, ctx, () => {
    if (parsed.pageId === null) {
      room.roots.meta.delete('statusPage');
    } else {
      const choice: StatusPageChoice = {
        pageId: parsed.pageId,
        componentIds,
        by: actorPerson(ctx),
        at,
      };
      room.roots.meta.set('statusPage', choice);
    }
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'comms',
      at,
      text:
        parsed.pageId === null
          ? `Taken off status page ${current?.pageId ?? ''}`
          : `Listed on status page ${parsed.pageId}${componentIds.length ? ` (components: ${componentIds.join(', ')})` : ''}`,
      ref: { type: 'statusPage', pageId: parsed.pageId, componentIds },
    });
    return { entryId };
  });
}
