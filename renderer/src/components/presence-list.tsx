import type { PresencePeer } from '../../../shared/channel/host-events';
import { ROLE_TITLES, ROLES, isOneOf } from '../../../shared/doc/enums';
import { useAppStore } from '../store/app-store';

const EMPTY: PresencePeer[] = [];
const EDITING: Record<string, string> = {
  'status-draft': 'editing the status update',
  timeline: 'logging',
  postmortem: 'editing the postmortem',
};

export function PresenceList() {
  const peers = useAppStore((state) =>
    state.roomId ? (state.presenceByRoom[state.roomId] ?? EMPTY) : EMPTY,
  );
  return (
    <ul className="presence" aria-label="People in the room">
      {peers.length === 0 && <li className="muted">Only you (or presence not yet known)</li>}
      {peers.map((peer) => {
        const role = isOneOf(ROLES, peer.role) ? ROLE_TITLES[peer.role] : peer.role;
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
