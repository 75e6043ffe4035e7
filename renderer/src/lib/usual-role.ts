import type { Role } from '../../../shared/doc/enums';
import type { AppState } from '../store/app-state';

/**
 * The usual role the room should offer this person: theirs, when the open room is writable and
 * nobody holds that role. Null otherwise: held by anyone (them included), no usual role, no room.
 * Offering is all it does; taking the role is still the person's click.
 */
export function vacantUsualRole(
  state: Pick<AppState, 'profile' | 'view' | 'rooms' | 'roomId'>,
): Role | null {
  const role = state.profile?.usualRole ?? null;
  if (role === null || !state.view || state.view.roles[role]) return null;
  const access = state.rooms?.find((room) => room.id === state.roomId)?.access;
  return access === 'read' ? null : role;
}
