import { z } from 'zod';
import type * as Y from 'yjs';
import { ROLE_TITLES } from '../doc/enums';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared, roleHolder } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { parseInput, personSchema, roleSchema } from './validate';

const assignRoleSchema = z.object({
  role: roleSchema,
  /** The new holder, or null to leave the role empty (never allowed for the IC). */
  person: personSchema.nullable(),
});

export type AssignRoleInput = z.input<typeof assignRoleSchema>;

/**
 * Assigns or hands over a role. Anyone in the room may do it, because at 3 AM the IC may be the
 * one who dropped off; roles are workflow guards, and every handoff is on the timeline.
 */
export function assignRole(
  doc: Y.Doc,
  ctx: OperationContext,
  input: AssignRoleInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(assignRoleSchema, input);
  const room = requireDeclared(doc);
  const current = roleHolder(room.roots, parsed.role);
  if (parsed.person === null && parsed.role === 'ic') {
    throw new OperationError(
      'invalid-transition',
      'The incident always has a commander: hand the role to someone.',
    );
  }
  if ((current?.id ?? null) === (parsed.person?.id ?? null)) {
    throw new OperationError(
      'invalid-transition',
      `${ROLE_TITLES[parsed.role]} is already ${current ? current.name : 'unassigned'}.`,
    );
  }
  const person = parsed.person ? { id: parsed.person.id, name: parsed.person.name.trim() } : null;
  return commit(doc, ctx, () => {
    if (person) room.roots.roles.set(parsed.role, person);
    else room.roots.roles.delete(parsed.role);
    const text = person
      ? `${ROLE_TITLES[parsed.role]}: ${current ? `${current.name} → ` : ''}${person.name}`
      : `${ROLE_TITLES[parsed.role]}: ${current?.name ?? ''} stood down`;
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'role',
      at: toIso(ctx.now()),
      text,
      ref: { type: 'role', role: parsed.role, person },
    });
    return { entryId };
  });
}
