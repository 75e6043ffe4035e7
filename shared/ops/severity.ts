import { z } from 'zod';
import type * as Y from 'yjs';
import { SEVERITIES } from '../doc/enums';
import { LIMITS } from '../doc/limits';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { optionalText, parseInput } from './validate';

const setSeveritySchema = z.object({
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }),
  reason: optionalText(LIMITS.reasonChars).optional(),
});

export type SetSeverityInput = z.input<typeof setSeveritySchema>;

/** Upgrades or downgrades the incident; the change and its reason land on the timeline. */
export function setSeverity(
  doc: Y.Doc,
  ctx: OperationContext,
  input: SetSeverityInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(setSeveritySchema, input);
  const room = requireDeclared(doc);
  if (room.severity === parsed.severity) {
    throw new OperationError('invalid-transition', `The incident is already ${parsed.severity}.`);
  }
  const reason = parsed.reason?.trim();
  return commit(doc, ctx, () => {
    room.roots.meta.set('severity', parsed.severity);
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'severity',
      at: toIso(ctx.now()),
      text: `Severity ${room.severity} → ${parsed.severity}${reason ? `: ${reason}` : ''}`,
      ref: { type: 'severity', from: room.severity, to: parsed.severity },
    });
    return { entryId };
  });
}
