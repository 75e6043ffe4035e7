import { z } from 'zod';
import {
  longText,
  nonNegativeMinutes,
  positiveMinutes,
  roleId,
  severityId,
  shortText,
  templateFormat,
  templateId,
} from './schema-parts';

/** What an inject represents; the room logs each as a timeline entry of kind `inject`. */
export const injectKinds = [
  'context',
  'alert',
  'finding',
  'complication',
  'stakeholder',
  'recovery',
] as const;

const decisionPoint = z.strictObject({
  id: templateId,
  question: shortText,
  /** What a well-run room decides here; shown to the facilitator, not the players. */
  expected: longText,
  /** Who should own the call. */
  role: roleId.optional(),
});

const inject = z.strictObject({
  id: templateId,
  /** Minutes after the drill starts. */
  atMinute: nonNegativeMinutes,
  kind: z.enum(injectKinds),
  text: longText,
  decisionPoints: z
    .array(decisionPoint, { error: 'expected a list of decision points' })
    .max(10)
    .default([]),
});

export const drillSchema = z
  .strictObject({
    format: templateFormat,
    id: templateId,
    title: shortText,
    summary: longText,
    incidentType: templateId,
    /** The severity a well-run room should declare; checked against the severity template. */
    expectedSeverity: severityId,
    durationMinutes: positiveMinutes,
    /** Wall-clock time the story starts at (HH:MM UTC), so injects read like the real incident. */
    storyStartsAt: z
      .string({ error: 'expected a time as HH:MM' })
      .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: 'expected a time as HH:MM (UTC)' }),
    roles: z.array(roleId, { error: 'expected a list of roles' }).min(1).max(4),
    injects: z
      .array(inject, { error: 'expected a list of injects' })
      .min(1, { error: 'give at least one inject' })
      .max(50, { error: 'must have at most 50 injects' }),
  })
  .superRefine((drill, ctx) => {
    const ids = new Set<string>();
    let previous = 0;
    drill.injects.forEach((item, index) => {
      if (ids.has(item.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['injects', index, 'id'],
          message: `duplicate inject id ${item.id}`,
        });
      }
      ids.add(item.id);
      if (item.atMinute < previous) {
        ctx.addIssue({
          code: 'custom',
          path: ['injects', index, 'atMinute'],
          message: `injects must be in time order (${item.atMinute} comes after ${previous})`,
        });
      }
      if (item.atMinute > drill.durationMinutes) {
        ctx.addIssue({
          code: 'custom',
          path: ['injects', index, 'atMinute'],
          message: `is after the drill ends (durationMinutes: ${drill.durationMinutes})`,
        });
      }
      previous = Math.max(previous, item.atMinute);
    });
  });

export type Drill = z.infer<typeof drillSchema>;
export type DrillInject = Drill['injects'][number];
export type InjectKind = (typeof injectKinds)[number];
