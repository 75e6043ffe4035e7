import { normalizeRelayUrl } from '../../shared/invite/invite-link';
import type { TeamRoomListing } from '../../shared/protocol/relay-http';
import { TeamListError, fetchTeamRooms } from '../host/team/fetch-team-rooms';
import { CliError, UsageError } from './cli-error';

/** The relay did not answer at all (as opposed to refusing). */
export class RelayUnreachableError extends CliError {
  override name = 'RelayUnreachableError';
}

/** The relay's HTTP base URL from `--relay` (a pasted ws:// URL works too), or wrong usage. */
export function relayBaseUrl(relay: string): string {
  const url = normalizeRelayUrl(relay);
  if (url === null) throw new UsageError(`--relay "${relay}" is not an http(s):// or ws(s):// URL`);
  return url;
}

/** `--key` or `--team-key` (the relay's team key opens every room), never both. */
export function roomKeyOption(values: { key?: string; teamKey?: string }): string | undefined {
  if (values.key && values.teamKey) throw new UsageError('give --key or --team-key, not both');
  return values.key ?? values.teamKey;
}

/**
 * The relay's team room list (`GET /rooms`), with the reason in one CLI sentence when it cannot
 * be had. The key is sent in the header only and is in no message.
 */
export async function listTeamRooms(relayUrl: string, teamKey: string): Promise<TeamRoomListing[]> {
  try {
    return await fetchTeamRooms(relayUrl, teamKey, 15_000);
  } catch (error) {
    if (!(error instanceof TeamListError)) throw error;
    if (error.code === 'team-relay-unreachable') {
      throw new RelayUnreachableError(`could not reach the relay at ${relayUrl}`);
    }
    if (error.code === 'team-key-refused') {
      throw new CliError(`the relay at ${relayUrl} refused the team key (${error.status})`);
    }
    if (error.status === 404 || error.status === 405) {
      throw new CliError(
        `the relay at ${relayUrl} has no team key: it must be started with --team-key`,
      );
    }
    throw new CliError(
      `the relay at ${relayUrl} could not list its rooms (${error.status ?? 'no answer'})`,
    );
  }
}
