import type { Role } from '../../../shared/doc/enums';
import { isStandIn } from '../../../shared/doc/stand-in';
import type { AppState } from '../store/app-state';

/**
 * The usual role the room should offer this person: theirs, when the open room is writable and
 * no person holds that role (an alert source's stand-in IC counts as nobody). Null otherwise: held by anyone (them included), no usual role, no room.
 * Offering is all it does; taking the role is still the person's click.
 */
export function vacantUsualRole(
  state: Pick<AppState, 'profile' | 'view' | 'rooms' | 'roomId'>,
): Role | null {
  const role = state.profile?.usualRole ?? null;
  // An alert source holding IC is a stand-in until a person takes the role (stand-in.ts).
  if (role === null || !state.view) return null;
  const holder = state.view.roles[role];
  if (holder && !isStandIn(holder)) return null;
  const access = state.rooms?.find((room) => room.id === state.roomId)?.access;
  return access === 'read' ? null : role;
}
