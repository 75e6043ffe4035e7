import { z } from 'zod';
import { longText, shortText, templateFormat, templateId } from './schema-parts';

const command = z
  .string({ error: 'expected a command as text' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(2000, { error: 'must be at most 2000 characters' });

const runbookStep = z.strictObject({
  id: templateId,
  /** What to do, as an instruction. */
  do: shortText,
  /** When this step applies (mitigation options are chosen, not all run). */
  when: shortText.optional(),
  /** A command to copy; shown verbatim, never executed by the app. */
  command: command.optional(),
  /** What you should see, and what to conclude from it. */
  expect: longText.optional(),
  /** Mitigations change production: say what could go wrong so the IC can weigh it. */
  risk: shortText.optional(),
});

const stepList = (what: string) =>
  z
    .array(runbookStep, { error: `expected a list of ${what} steps` })
    .min(1, { error: `give at least one ${what} step` })
    .max(40, { error: 'must have at most 40 steps' });

export const runbookSchema = z
  .strictObject({
    format: templateFormat,
    id: templateId,
    title: shortText,
    /** The incident type the room list offers ("bad-deploy"); picks this runbook and checklists. */
    incidentType: z.strictObject({ id: templateId, name: shortText }),
    summary: longText,
    signals: z.array(shortText, { error: 'expected a list of signals' }).max(20).default([]),
    diagnosis: stepList('diagnosis'),
    mitigation: stepList('mitigation'),
    recovery: stepList('recovery'),
  })
  .superRefine((runbook, ctx) => {
    const seen = new Set<string>();
    for (const section of ['diagnosis', 'mitigation', 'recovery'] as const) {
      runbook[section].forEach((step, index) => {
        if (seen.has(step.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [section, index, 'id'],
            message: `duplicate step id ${step.id}`,
          });
        }
        seen.add(step.id);
      });
    }
  });

export type Runbook = z.infer<typeof runbookSchema>;
export type RunbookStep = Runbook['diagnosis'][number];
