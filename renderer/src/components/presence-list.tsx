import type { PresencePeer } from '../../../shared/channel/host-events';
import { presenceRoleLabel } from '../lib/presence-role';
import { useAppStore } from '../store/app-store';
import type { RoomView } from '../store/room-view';

const EMPTY: PresencePeer[] = [];
const NO_ROLES: RoomView['roles'] = {};
const NO_EXPERTS: RoomView['experts'] = [];
const EDITING: Record<string, string> = {
  'status-draft': 'editing the status update',
  timeline: 'logging',
  postmortem: 'editing the postmortem',
};

export function PresenceList() {
  const peers = useAppStore((state) =>
    state.roomId ? (state.presenceByRoom[state.roomId] ?? EMPTY) : EMPTY,
  );
  // The two parts, not the whole view: a keystroke elsewhere in the room keeps their identity.
  const roles = useAppStore((state) => state.view?.roles ?? NO_ROLES);
  const experts = useAppStore((state) => state.view?.experts ?? NO_EXPERTS);
  return (
    <ul className="presence" aria-label="People in the room">
      {peers.length === 0 && <li className="muted">Only you (or presence not yet known)</li>}
      {peers.map((peer) => {
        const role = presenceRoleLabel(peer, { roles, experts });
        const editing = peer.editing ? (EDITING[peer.editing] ?? peer.editing) : null;
        return (
          <li
            key={peer.clientId}
            aria-label={[peer.name + (peer.self ? ' (you)' : ''), role, editing]
              .filter(Boolean)
              .join(', ')}
          >
            <span
              className="presence__swatch"
              style={{ background: peer.colour }}
              aria-hidden="true"
            />
            {peer.name}
            {peer.self && ' (you)'}
            {role && <span className="muted"> · {role}</span>}
            {editing && <span className="muted"> · {editing}</span>}
          </li>
        );
      })}
    </ul>
  );
}
