import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  formatFieldPath,
  formatValidationError,
  MAX_PROBLEMS_IN_MESSAGE,
  validationProblems,
} from './validation-message';

function errorOf(schema: z.ZodType, input: unknown): z.ZodError {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be refused');
  return parsed.error;
}

const service = z.strictObject({
  name: z.string().min(1).max(5),
  levels: z.array(z.strictObject({ minutes: z.number().int().min(1) })),
  kind: z.enum(['alert', 'note']),
});

describe('formatValidationError', () => {
  it('names each field by its path and says what is wrong, one line: path: reason; path: reason', () => {
    const error = errorOf(service, { name: 'toolong', levels: [{ minutes: 5 }, { minutes: 0 }] });
    expect(formatValidationError(error)).toBe(
      'name: must be at most 5 characters; levels[1].minutes: must be at least 1; kind: expected one of "alert", "note"',
    );
  });

  it('says what was expected and, in words, what came instead', () => {
    expect(formatValidationError(errorOf(service, { name: 7, levels: {}, kind: 'x' }))).toBe(
      'name: expected string, got a number; levels: expected array, got a mapping; kind: expected one of "alert", "note"',
    );
  });

  it('says a missing field is required', () => {
    expect(formatValidationError(errorOf(service, { levels: [], kind: 'note' }))).toBe(
      'name: is required (expected string)',
    );
  });

  it('words literals and values that must merely be present', () => {
    const message = z.strictObject({
      kind: z.literal('request'),
      params: z.unknown().nonoptional(),
    });
    expect(formatValidationError(errorOf(message, { kind: 'shout' }))).toBe(
      'kind: expected "request"; params: is required',
    );
  });

  it('names every unknown key as its own problem', () => {
    const error = errorOf(service, {
      name: 'a',
      levels: [{ minutes: 1, unit: 's' }],
      kind: 'note',
      extra: 1,
    });
    expect(validationProblems(error)).toEqual([
      { path: 'levels[0].unit', message: expect.stringContaining('unknown key') as unknown },
      { path: 'extra', message: expect.stringContaining('unknown key') as unknown },
    ]);
  });

  it('keeps a schema’s own message and drops the path when the whole value is wrong', () => {
    const nonBlank = z
      .string()
      .refine((text) => text.trim() !== '', { error: 'must not be blank' });
    expect(formatValidationError(errorOf(nonBlank, '  '))).toBe('must not be blank');
    expect(formatValidationError(errorOf(z.string(), 3))).toBe('expected string, got a number');
  });

  it('explains a union by the branch that got furthest, or by the types it accepts', () => {
    const author = z.union([z.string(), z.strictObject({ name: z.string().min(1) })]);
    const event = z.strictObject({ author });
    expect(formatValidationError(errorOf(event, { author: { name: '' } }))).toBe(
      'author.name: must not be empty',
    );
    expect(formatValidationError(errorOf(event, { author: true }))).toBe(
      'author: expected string or object',
    );
  });

  it('explains a union of message kinds by the field that picks the kind', () => {
    const message = z.union([
      z.strictObject({ kind: z.literal('request'), id: z.number() }),
      z.strictObject({ kind: z.literal('response'), ok: z.literal(false), error: z.string() }),
      z.strictObject({ kind: z.literal('response'), ok: z.literal(true) }),
    ]);
    expect(formatValidationError(errorOf(message, { kind: 'shout', id: 1 }))).toBe(
      'kind: expected one of "request", "response"',
    );
    // Otherwise the branch with the fewest problems speaks (on a tie, the earlier one).
    expect(formatValidationError(errorOf(message, { kind: 'response', ok: false }))).toBe(
      'error: is required (expected string)',
    );
  });

  it('cuts a long list of problems and counts the rest', () => {
    const many = z.array(z.number());
    const error = errorOf(many, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const message = formatValidationError(error);
    expect(message.split('; ')).toHaveLength(MAX_PROBLEMS_IN_MESSAGE + 1);
    expect(message).toMatch(/^\[0\]: expected number, got text; /);
    expect(message).toMatch(/; and 2 more problems$/);
  });
});

describe('formatFieldPath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    expect(formatFieldPath(['levels', 2, 'updateCadenceMinutes'])).toBe(
      'levels[2].updateCadenceMinutes',
    );
    expect(formatFieldPath([])).toBe('');
    expect(formatFieldPath([0, 'a'])).toBe('[0].a');
  });
});
