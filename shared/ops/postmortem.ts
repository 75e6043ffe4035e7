import { z } from 'zod';
import type * as Y from 'yjs';
import { POSTMORTEM_FIELDS } from '../doc/enums';
import { LIMITS } from '../doc/limits';
import { postmortemText } from '../doc/roots';
import { spliceText } from '../util/text-splice';
import { checkContext, commit, type OperationContext } from './context';
import { parseInput, optionalText } from './validate';
import { requireDeclared } from './room-guard';

const setFieldSchema = z.object({
  field: z.enum(POSTMORTEM_FIELDS, { error: `must be one of ${POSTMORTEM_FIELDS.join(', ')}` }),
  text: optionalText(LIMITS.postmortemFieldChars),
});

export type SetPostmortemFieldInput = z.input<typeof setFieldSchema>;

/**
 * Sets a postmortem section. Each section is its own root Y.Text; this splices only the changed
 * span so co-authors writing elsewhere in the section keep their words.
 */
export function setPostmortemField(
  doc: Y.Doc,
  ctx: OperationContext,
  input: SetPostmortemFieldInput,
): { changed: boolean } {
  checkContext(ctx);
  const parsed = parseInput(setFieldSchema, input);
  requireDeclared(doc);
  const text = postmortemText(doc, parsed.field);
  return commit(doc, ctx, () => ({ changed: spliceText(text, parsed.text) }));
}
