import { z } from 'zod';
import {
  longText,
  nonNegativeMinutes,
  positiveMinutes,
  severityId,
  shortText,
  templateFormat,
  templateId,
  textList,
} from './schema-parts';

/** Status page component levels, in rising order of impact (Atlassian Statuspage's vocabulary). */
export const statusPageLevels = [
  'operational',
  'degraded-performance',
  'partial-outage',
  'major-outage',
] as const;

const severityLevel = z.strictObject({
  id: severityId,
  name: shortText,
  definition: longText,
  examples: textList(20).min(1, { error: 'give at least one example' }),
  /** Who is paged when this severity is declared (rotations or roles, in paging order). */
  paged: textList(20),
  response: z.strictObject({
    /** Acknowledge within this many minutes; null when the response waits for business hours. */
    withinMinutes: positiveMinutes.nullable(),
    description: shortText,
  }),
  /** Minutes between status updates while the incident is open; null means no update cadence. */
  updateCadenceMinutes: positiveMinutes.nullable(),
  /** Clean monitoring time required before the room may be resolved without an IC override. */
  stabilizationWindowMinutes: nonNegativeMinutes,
  statusPageLevel: z.enum(statusPageLevels),
  postmortem: z.enum(['required', 'lightweight', 'optional']),
});

/**
 * What picking an answer does to the suggested severity: `set` replaces the running suggestion,
 * `raise` moves it that many levels toward the most severe, `atLeast` puts a floor under the
 * final suggestion, and `stop` ends the questionnaire (later questions no longer apply).
 */
const triageEffect = z.strictObject({
  set: severityId.optional(),
  raise: z
    .number({ error: 'expected 1, 2 or 3' })
    .int({ error: 'expected 1, 2 or 3' })
    .min(1, { error: 'expected 1, 2 or 3' })
    .max(3, { error: 'expected 1, 2 or 3' })
    .optional(),
  atLeast: severityId.optional(),
  stop: z.boolean({ error: 'expected true or false' }).optional(),
});

const triageAnswer = z.strictObject({
  id: templateId,
  text: shortText,
  /** Absent: this answer keeps the running suggestion as it is. */
  effect: triageEffect.optional(),
});

const triageQuestion = z.strictObject({
  id: templateId,
  text: shortText,
  help: longText.optional(),
  answers: z
    .array(triageAnswer, { error: 'expected a list of answers' })
    .min(2, { error: 'give at least two answers' })
    .max(8, { error: 'must have at most 8 answers' }),
});

export const severityPolicySchema = z
  .strictObject({
    format: templateFormat,
    id: templateId,
    title: shortText,
    /** Most severe first; "raise" in triage moves toward index 0. */
    levels: z
      .array(severityLevel, { error: 'expected a list of severity levels' })
      .min(2, { error: 'give at least two severity levels' })
      .max(6, { error: 'must have at most 6 levels' }),
    triage: z.strictObject({
      /** The suggestion before any question is answered. */
      start: severityId,
      /** Triage should not take longer than this; the UI shows it as a countdown. */
      timeboxMinutes: positiveMinutes,
      questions: z
        .array(triageQuestion, { error: 'expected a list of questions' })
        .min(1, { error: 'give at least one question' })
        .max(12, { error: 'must have at most 12 questions' }),
    }),
  })
  .superRefine((policy, ctx) => {
    const known = new Set<string>();
    policy.levels.forEach((level, index) => {
      if (known.has(level.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', index, 'id'],
          message: `duplicate severity id ${level.id}`,
        });
      }
      known.add(level.id);
    });
    const unknownSeverity = (id: string | undefined, path: PropertyKey[]): void => {
      if (id !== undefined && !known.has(id)) {
        ctx.addIssue({ code: 'custom', path, message: `unknown severity ${id} (not in levels)` });
      }
    };
    unknownSeverity(policy.triage.start, ['triage', 'start']);
    const questionIds = new Set<string>();
    policy.triage.questions.forEach((question, q) => {
      if (questionIds.has(question.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['triage', 'questions', q, 'id'],
          message: `duplicate question id ${question.id}`,
        });
      }
      questionIds.add(question.id);
      const answerIds = new Set<string>();
      question.answers.forEach((answer, a) => {
        const at = ['triage', 'questions', q, 'answers', a];
        if (answerIds.has(answer.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'id'],
            message: `duplicate answer id ${answer.id}`,
          });
        }
        answerIds.add(answer.id);
        unknownSeverity(answer.effect?.set, [...at, 'effect', 'set']);
        unknownSeverity(answer.effect?.atLeast, [...at, 'effect', 'atLeast']);
      });
    });
  });

export type SeverityPolicy = z.infer<typeof severityPolicySchema>;
export type SeverityLevel = SeverityPolicy['levels'][number];
export type TriageQuestion = SeverityPolicy['triage']['questions'][number];
export type StatusPageLevel = (typeof statusPageLevels)[number];

export function findSeverityLevel(policy: SeverityPolicy, id: string): SeverityLevel | undefined {
  return policy.levels.find((level) => level.id === id);
}
