import type { Presence } from '../../../shared/channel/host-events';

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
