import { z } from 'zod';
import { positiveMinutes, roleId, shortText, templateFormat, templateId } from './schema-parts';

const checklistItem = z.strictObject({
  /** Stable forever: the room's checklist state is keyed by it, so renaming an id loses ticks. */
  id: templateId,
  text: shortText,
  /** The role expected to do it; absent means whoever gets there first. */
  role: roleId.optional(),
  /** Done within this many minutes of the room opening. */
  withinMinutes: positiveMinutes.optional(),
  help: shortText.optional(),
});

export const checklistSchema = z
  .strictObject({
    format: templateFormat,
    id: templateId,
    title: shortText,
    /** Incident type ids this checklist is offered for; empty means every type. */
    incidentTypes: z
      .array(templateId, { error: 'expected a list of incident type ids' })
      .max(50)
      .default([]),
    items: z
      .array(checklistItem, { error: 'expected a list of checklist items' })
      .min(1, { error: 'give at least one item' })
      .max(60, { error: 'must have at most 60 items' }),
  })
  .superRefine((checklist, ctx) => {
    const seen = new Set<string>();
    checklist.items.forEach((item, index) => {
      if (seen.has(item.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'id'],
          message: `duplicate item id ${item.id}`,
        });
      }
      seen.add(item.id);
    });
  });

export type Checklist = z.infer<typeof checklistSchema>;
export type ChecklistItem = Checklist['items'][number];
