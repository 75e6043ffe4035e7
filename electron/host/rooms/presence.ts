import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Presence, PresencePeer } from '../../../shared/channel/host-events';

function boundedString(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

/** Awareness states come from other machines: read them defensively, drop what is malformed. */
export function readPresence(state: unknown): Presence | null {
  if (typeof state !== 'object' || state === null || !('user' in state)) return null;
  const user: unknown = state.user;
  if (typeof user !== 'object' || user === null) return null;
  const record = user as Record<string, unknown>;
  const name = boundedString(record.name, 120);
  const colour = boundedString(record.colour, 40);
  if (name === null || colour === null) return null;
  return {
    name,
    colour,
    userId: boundedString(record.userId, 64),
    role: boundedString(record.role, 40),
    editing: boundedString(record.editing, 200),
  };
}

/**
 * Who is in one room: the room's awareness (shared with the relay and with each window), this
 * machine's own presence in it, and the peers read defensively from everyone else's.
 */
export class RoomPresence {
  readonly awareness: Awareness;
  private readonly listeners = new Set<(peers: PresencePeer[]) => void>();

  constructor(private readonly doc: Y.Doc) {
    this.awareness = new Awareness(doc);
    this.awareness.on('change', this.onAwarenessChange);
  }

  set(presence: Presence): void {
    // Editor bindings (y-codemirror.next) colour remote carets from `color`/`colorLight`.
    this.awareness.setLocalStateField('user', {
      ...presence,
      color: presence.colour,
      colorLight: `${presence.colour}33`,
    });
  }

  peers(): PresencePeer[] {
    const peers: PresencePeer[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      const presence = readPresence(state);
      if (presence) peers.push({ ...presence, clientId, self: clientId === this.doc.clientID });
    }
    return peers;
  }

  onChange(listener: (peers: PresencePeer[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells the others this machine left; call while the relay connection can still send it. */
  leave(): void {
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'closed');
  }

  close(): void {
    this.awareness.off('change', this.onAwarenessChange);
    this.awareness.destroy();
    this.listeners.clear();
  }

  private readonly onAwarenessChange = (): void => {
    const peers = this.peers();
    for (const listener of this.listeners) listener(peers);
  };
}
