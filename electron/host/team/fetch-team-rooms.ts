import { z } from 'zod';
import { PHASES, ROLES, SEVERITIES } from '../../../shared/doc/enums';
import { RELAY_ROOMS_PATH } from '../../../shared/protocol/relay-http';
import type { TeamRoomListing } from '../../../shared/protocol/relay-http';

/** The team room list could not be had; `message` is one sentence for the person. */
export class TeamListError extends Error {
  override readonly name = 'TeamListError';
  constructor(
    message: string,
    /** HTTP status, or null when the relay was not reached. */
    readonly status: number | null,
    readonly code: 'team-relay-unreachable' | 'team-key-refused' | 'team-list-unavailable',
  ) {
    super(message);
  }
}

// A field the app does not know (a severity from a newer relay) shows as "none", rather than
// costing the person the whole list.
const listingSchema = z.object({
  id: z.string().min(1).max(128),
  title: z.string().max(1000).nullable(),
  severity: z.enum(SEVERITIES).nullable().catch(null),
  phase: z.enum(PHASES).nullable().catch(null),
  state: z.enum(['open', 'resolved']),
  // A relay from before paging sends none; a role this app does not know is left out.
  pagedRoles: z
    .array(z.string())
    .max(ROLES.length * 2)
    .catch([])
    .default([])
    .transform((roles) => ROLES.filter((role) => roles.includes(role))),
  source: z.string().min(1).max(128),
  createdAt: z.number().finite(),
  lastActivityAt: z.number().finite(),
});
const listSchema = z.object({ rooms: z.array(listingSchema) });

/** The sentence for a refused or failed `GET /rooms`: what went wrong and what to do. */
export function teamListRefusal(relayUrl: string, status: number): TeamListError {
  if (status === 401 || status === 403) {
    return new TeamListError(
      `The relay at ${relayUrl} refused the team key: check it in Settings.`,
      status,
      'team-key-refused',
    );
  }
  if (status === 404 || status === 405) {
    return new TeamListError(
      `The relay at ${relayUrl} has no team room list: it must be started with --team-key.`,
      status,
      'team-list-unavailable',
    );
  }
  return new TeamListError(
    `The relay at ${relayUrl} could not list the team rooms (HTTP ${status}); try again shortly.`,
    status,
    'team-list-unavailable',
  );
}

/**
 * `GET /rooms` with the team key as a bearer token. Throws TeamListError with a sentence for the
 * person; the key is in the request header only, never in a message.
 */
export async function fetchTeamRooms(
  relayUrl: string,
  teamKey: string,
  timeoutMs = 5_000,
): Promise<TeamRoomListing[]> {
  let response: Response;
  try {
    response = await fetch(`${relayUrl}${RELAY_ROOMS_PATH}`, {
      headers: { authorization: `Bearer ${teamKey}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new TeamListError(
      `Could not reach the team relay at ${relayUrl}: your own rooms still work here.`,
      null,
      'team-relay-unreachable',
    );
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw teamListRefusal(relayUrl, response.status);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const parsed = listSchema.safeParse(body);
  if (!parsed.success) {
    throw new TeamListError(
      `The relay at ${relayUrl} answered the team room list with something this app cannot read.`,
      response.status,
      'team-list-unavailable',
    );
  }
  return parsed.data.rooms;
}
