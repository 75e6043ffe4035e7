import { useState } from 'react';
import { ROLE_TITLES, type Role } from '../../../shared/doc/enums';
import type { RolePage } from '../../../shared/doc/types';
import { assignRole } from '../../../shared/ops';
import { useAppStore } from '../store/app-store';
import { vacantUsualRole } from '../lib/usual-role';
import { InlineError } from './inline-error';

function isPaged(page: RolePage | null | undefined, role: Role): boolean {
  return page?.roles.includes(role) ?? false;
}

/**
 * "Take <role> role (your usual role)" when this person's usual role has no holder in the room:
 * one click, beside the people in the room so it is seen on entering. It never takes the role by
 * itself, and is gone once anyone holds it.
 */
export function UsualRoleOffer() {
  const role = useAppStore(vacantUsualRole);
  const run = useAppStore((state) => state.run);
  const profile = useAppStore((state) => state.profile);
  const paged = useAppStore((state) => (role ? isPaged(state.view?.pagedRoles, role) : false));
  const [error, setError] = useState<string | null>(null);
  if (!role || !profile) return null;
  const title = ROLE_TITLES[role];

  function take() {
    if (!role || !profile) return;
    const result = run(assignRole, { role, person: { id: profile.id, name: profile.name } });
    setError(result.ok ? null : result.error);
  }

  return (
    <>
      <button type="button" onClick={take}>
        Take {title} role{' '}
        <span className="muted">
          {paged ? '(you are paged: your usual role)' : '(your usual role)'}
        </span>
      </button>
      <InlineError message={error} />
    </>
  );
}
