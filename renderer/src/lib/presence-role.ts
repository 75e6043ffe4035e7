import type { PresencePeer } from '../../../shared/channel/host-events';
import { ROLES, ROLE_TITLES, isOneOf } from '../../../shared/doc/enums';
import type { RoomView } from '../store/room-view';

/**
 * What a person in the room is here as, for their presence: the roles and SME area the room's
 * document gives their profile id (so it is right even for a peer whose build publishes no
 * SME), else the role their client published. Null when they only watch.
 */
export function presenceRoleLabel(
  peer: PresencePeer,
  room: Pick<RoomView, 'roles' | 'experts'>,
): string | null {
  const labels: string[] = [];
  if (peer.userId !== null) {
    for (const role of ROLES) {
      if (room.roles[role]?.id === peer.userId) labels.push(ROLE_TITLES[role]);
    }
    const expert = room.experts.find((candidate) => candidate.id === peer.userId);
    if (expert) labels.push(`SME · ${expert.area}`);
  }
  if (labels.length > 0) return labels.join(' · ');
  return isOneOf(ROLES, peer.role) ? ROLE_TITLES[peer.role] : peer.role;
}
