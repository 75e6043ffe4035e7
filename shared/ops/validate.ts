import { z } from 'zod';
import { ENTRY_KINDS, ROLES } from '../doc/enums';
import { LIMITS } from '../doc/limits';
import type { Author, Person } from '../doc/types';
import { parseInstant, toIso } from '../util/time';
import { formatValidationError } from '../util/validation-message';
import type { OperationContext } from './context';
import { OperationError } from './operation-error';

/** Parses an operation's input or refuses it with `invalid-input`, naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new OperationError('invalid-input', formatValidationError(parsed.error));
}

/** Required text: something besides whitespace, bounded. */
export const requiredText = (max: number) =>
  z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .refine((text) => text.trim().length > 0, { error: 'must not be empty' });

export const optionalText = (max: number) =>
  z.string().max(max, { error: `must be at most ${max} characters` });

export const idSchema = z.string().min(1).max(LIMITS.idChars);

/** An instant as ISO-8601 with a zone or epoch ms, normalized to ISO UTC. */
export const instantSchema = z.union([z.string(), z.number()]).transform((value, context) => {
  const parsed = parseInstant(value);
  if ('error' in parsed) {
    context.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return toIso(parsed.ms);
});

export const personSchema = z.object({
  id: idSchema,
  name: requiredText(LIMITS.shortFieldChars),
});

/** An author is a person, or just a name (a script, a webhook, someone not in the room). */
export const authorSchema = z.union([
  requiredText(LIMITS.shortFieldChars).transform((name): Author => ({ id: null, name })),
  z
    .object({ id: idSchema.nullable().optional(), name: requiredText(LIMITS.shortFieldChars) })
    .transform((author): Author => ({ id: author.id ?? null, name: author.name })),
]);

export const entryKindSchema = z.enum(ENTRY_KINDS, {
  error: `must be one of ${ENTRY_KINDS.join(', ')}`,
});

export const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

export function actorPerson(ctx: OperationContext): Person {
  return { id: ctx.actor.id, name: ctx.actor.name };
}

/**
 * Event times in the future are impossible; a little tolerance absorbs clocks the caller could
 * not correct (a webhook sender's, say).
 */
export function checkNotFuture(iso: string, ctx: OperationContext, field = 'at'): void {
  const ms = Date.parse(iso);
  if (ms > ctx.now() + LIMITS.futureToleranceMs) {
    throw new OperationError('invalid-input', `${field}: ${iso} is in the future`);
  }
}
