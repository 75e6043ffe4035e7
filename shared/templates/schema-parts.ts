import { z } from 'zod';

// Shared field shapes for every YAML template, each with the message an on-call editor should read.

export const templateId = z
  .string({ error: 'expected an id (lowercase letters, digits and dashes)' })
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    error: 'expected an id (lowercase letters, digits and dashes, at most 63 characters)',
  });

export const severityId = z
  .string({ error: 'expected a severity id such as SEV1' })
  .regex(/^SEV[0-9]$/, { error: 'expected a severity id such as SEV1' });

export const shortText = z
  .string({ error: 'expected text' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'must be at most 200 characters' });

export const longText = z
  .string({ error: 'expected text' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(4000, { error: 'must be at most 4000 characters' });

export const positiveMinutes = z
  .number({ error: 'expected a positive integer' })
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' })
  .max(7 * 24 * 60, { error: 'must be at most a week (10080 minutes)' });

export const nonNegativeMinutes = z
  .number({ error: 'expected a whole number of minutes (0 or more)' })
  .int({ error: 'expected a whole number of minutes (0 or more)' })
  .min(0, { error: 'expected a whole number of minutes (0 or more)' })
  .max(7 * 24 * 60, { error: 'must be at most a week (10080 minutes)' });

/** The room's roles (the document's `roles` map keys). */
export const roleId = z.enum(['ic', 'ops', 'comms', 'scribe']);
export type RoleId = z.infer<typeof roleId>;

export function textList(max: number) {
  return z
    .array(longText, { error: 'expected a list of text items' })
    .max(max, { error: `must have at most ${max} items` });
}

/** Every YAML template starts with `format: 1` so a future layout can be told apart. */
export const templateFormat = z.literal(1, { error: 'expected format: 1' });
