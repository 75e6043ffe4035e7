import { z } from 'zod';
import type * as Y from 'yjs';
import { ROLES, ROLE_TITLES, type Role } from '../doc/enums';
import { LIMITS } from '../doc/limits';
import type { RoomRoots } from '../doc/roots';
import { asPerson, asRolePage } from '../doc/shapes';
import { isStandIn } from '../doc/stand-in';
import type { RolePage } from '../doc/types';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { actorPerson, parseInput, roleSchema } from './validate';

const pageRolesSchema = z.object({
  roles: z.array(roleSchema).min(1, { error: 'name at least one role to page' }),
  /** Why: the alert rule that paged, or the person's words. Shown with the page. */
  reason: z
    .string()
    .trim()
    .min(1, { error: 'say why the roles are paged' })
    .max(LIMITS.shortFieldChars, { error: `at most ${LIMITS.shortFieldChars} characters` }),
});

export type PageRolesInput = z.input<typeof pageRolesSchema>;

/**
 * Pages roles into the room: every app whose person has one of them as their usual role says so
 * (the team room list, its notification, the offer to take the role). Anyone may page, as anyone
 * may hand a role over; an alert routing rule's `page` does it when the alert opens the room.
 * A second page adds its roles to the first. Paging a role a person holds, or one already paged
 * and still vacant, changes nothing and is refused; a role an alert source holds as a stand-in
 * (see stand-in.ts) counts as vacant.
 */
export function pageRoles(
  doc: Y.Doc,
  ctx: OperationContext,
  input: PageRolesInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(pageRolesSchema, input);
  const room = requireDeclared(doc);
  const current = asRolePage(room.roots.meta.get('pagedRoles'));
  const fresh = ROLES.filter(
    (role) =>
      parsed.roles.includes(role) &&
      isVacant(room.roots, role) &&
      !(current?.roles.includes(role) ?? false),
  );
  if (fresh.length === 0) {
    throw new OperationError(
      'invalid-transition',
      'Every role named is already held or already paged.',
    );
  }
  const at = toIso(ctx.now());
  return commit(doc, ctx, () => {
    const page: RolePage = {
      roles: ROLES.filter(
        (role) => fresh.includes(role) || (current?.roles.includes(role) ?? false),
      ),
      reason: parsed.reason,
      by: actorPerson(ctx),
      at,
    };
    room.roots.meta.set('pagedRoles', page);
    const entryId = appendTimelineEntry(room.roots, ctx, {
      kind: 'role',
      at,
      text: `Paged: ${fresh.map((role) => ROLE_TITLES[role]).join(', ')} (${parsed.reason})`,
      ref: { type: 'page', roles: fresh },
    });
    return { entryId };
  });
}

/** The paged roles no person holds yet, in role order: who the room is still waiting for. */
export function unansweredPages(roots: Pick<RoomRoots, 'meta' | 'roles'>): Role[] {
  const page = asRolePage(roots.meta.get('pagedRoles'));
  return page ? page.roles.filter((role) => isVacant(roots, role)) : [];
}

/** Nobody holds `role`, or only a stand-in does (the alert source that opened the room is IC). */
function isVacant(roots: Pick<RoomRoots, 'roles'>, role: Role): boolean {
  const holder = asPerson(roots.roles.get(role));
  return holder === null || isStandIn(holder);
}
