import { z } from 'zod';
import type * as Y from 'yjs';
import { CHECKLIST_ITEM_ID_PATTERN } from '../doc/keys';
import type { ChecklistMark } from '../doc/types';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { requireDeclared } from './room-guard';
import { actorPerson, parseInput } from './validate';

const markSchema = z.object({
  /** The checklist item's id from the room's template, e.g. "page-comms-lead". */
  itemId: z
    .string()
    .regex(CHECKLIST_ITEM_ID_PATTERN, { error: 'must be up to 128 letters, digits, . _ : -' }),
  done: z.boolean(),
});

export type MarkChecklistItemInput = z.input<typeof markSchema>;

/** Ticks or unticks a checklist item, recording who and when (the last mark wins). */
export function markChecklistItem(
  doc: Y.Doc,
  ctx: OperationContext,
  input: MarkChecklistItemInput,
): ChecklistMark {
  checkContext(ctx);
  const parsed = parseInput(markSchema, input);
  const room = requireDeclared(doc);
  const mark: ChecklistMark = { done: parsed.done, by: actorPerson(ctx), at: toIso(ctx.now()) };
  return commit(doc, ctx, () => {
    room.roots.checklist.set(parsed.itemId, mark);
    return mark;
  });
}
