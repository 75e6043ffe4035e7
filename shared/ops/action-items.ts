import { z } from 'zod';
import * as Y from 'yjs';
import { uuidv4 } from 'lib0/random';
import { ACTION_ITEM_PRIORITIES, ACTION_ITEM_STATUSES } from '../doc/enums';
import { LIMITS } from '../doc/limits';
import { findEntityMap } from '../doc/roots';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared } from './room-guard';
import { actorPerson, idSchema, optionalText, parseInput, requiredText } from './validate';

/** A calendar day (due dates are days, not instants). */
const dueSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date like 2024-12-18' })
  .refine(
    (day) =>
      !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
      new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    {
      error: 'is not a real calendar date',
    },
  );

const fields = {
  title: requiredText(LIMITS.entryTextChars),
  owner: optionalText(LIMITS.shortFieldChars).nullable(),
  priority: z.enum(ACTION_ITEM_PRIORITIES, {
    error: `must be one of ${ACTION_ITEM_PRIORITIES.join(', ')}`,
  }),
  due: dueSchema.nullable(),
  status: z.enum(ACTION_ITEM_STATUSES, {
    error: `must be one of ${ACTION_ITEM_STATUSES.join(', ')}`,
  }),
};

const addSchema = z.object({
  title: fields.title,
  owner: fields.owner.optional(),
  priority: fields.priority.optional(),
  due: fields.due.optional(),
  status: fields.status.optional(),
});

export type AddActionItemInput = z.input<typeof addSchema>;

/** Adds a follow-up action (owner, priority, due day, status), as the postmortem lists them. */
export function addActionItem(
  doc: Y.Doc,
  ctx: OperationContext,
  input: AddActionItemInput,
): { id: string } {
  checkContext(ctx);
  const parsed = parseInput(addSchema, input);
  const room = requireDeclared(doc);
  const id = uuidv4();
  return commit(doc, ctx, () => {
    const item = new Y.Map<unknown>();
    item.set('id', id);
    item.set('title', parsed.title.trim());
    item.set('owner', parsed.owner?.trim() || null);
    item.set('priority', parsed.priority ?? 'P2');
    item.set('due', parsed.due ?? null);
    item.set('status', parsed.status ?? 'open');
    item.set('createdBy', actorPerson(ctx));
    item.set('createdAt', toIso(ctx.now()));
    item.set('updated', null);
    item.set('deleted', null);
    room.roots.actionItems.push([item]);
    return { id };
  });
}

const updateSchema = z
  .object({
    id: idSchema,
    title: fields.title.optional(),
    owner: fields.owner.optional(),
    priority: fields.priority.optional(),
    due: fields.due.optional(),
    status: fields.status.optional(),
  })
  .refine((u) => [u.title, u.owner, u.priority, u.due, u.status].some((v) => v !== undefined), {
    error: 'nothing to change',
  });

export type UpdateActionItemInput = z.input<typeof updateSchema>;

/** Changes some fields of an action item; each field is its own key, so concurrent edits of different fields merge. */
export function updateActionItem(
  doc: Y.Doc,
  ctx: OperationContext,
  input: UpdateActionItemInput,
): { id: string } {
  checkContext(ctx);
  const parsed = parseInput(updateSchema, input);
  const room = requireDeclared(doc);
  const item = requireLiveItem(room.roots.actionItems, parsed.id);
  const changes = Object.entries({
    title: parsed.title?.trim(),
    owner: parsed.owner === undefined ? undefined : parsed.owner?.trim() || null,
    priority: parsed.priority,
    due: parsed.due,
    status: parsed.status,
  }).filter(([, value]) => value !== undefined);
  return commit(doc, ctx, () => {
    for (const [key, value] of changes) item.set(key, value);
    item.set('updated', { by: actorPerson(ctx), at: toIso(ctx.now()) });
    return { id: parsed.id };
  });
}

const removeSchema = z.object({ id: idSchema });
export type RemoveActionItemInput = z.input<typeof removeSchema>;

/** Removes an action item as an attributed tombstone (hidden from views, kept in the document). */
export function removeActionItem(
  doc: Y.Doc,
  ctx: OperationContext,
  input: RemoveActionItemInput,
): { id: string } {
  checkContext(ctx);
  const parsed = parseInput(removeSchema, input);
  const room = requireDeclared(doc);
  const item = requireLiveItem(room.roots.actionItems, parsed.id);
  return commit(doc, ctx, () => {
    item.set('deleted', { by: actorPerson(ctx), at: toIso(ctx.now()) });
    return { id: parsed.id };
  });
}

/** The action item with this id, refused when there is none or it was removed. */
export function requireLiveItem(items: Y.Array<unknown>, id: string): Y.Map<unknown> {
  const item = findEntityMap(items, id);
  if (!item) throw new OperationError('not-found', `No action item has id ${id}.`);
  if (item.get('deleted'))
    throw new OperationError('entry-deleted', 'That action item was removed.');
  return item;
}
