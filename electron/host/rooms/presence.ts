/** What a person shows to the others in the room (y-protocols awareness, field `user`). */
export interface Presence {
  /** The person's stable profile id, so others can hand them a role by identity. */
  userId: string | null;
  name: string;
  /** Incident role: ic, ops, comms, scribe, or null when they only watch. */
  role: string | null;
  /** CSS colour of their cursor and avatar. */
  colour: string;
  /** What they are editing right now, e.g. `status-draft` or `timeline:<entry id>`. */
  editing: string | null;
}

export interface PresencePeer extends Presence {
  clientId: number;
  self: boolean;
}

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
