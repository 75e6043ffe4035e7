import { z } from 'zod';
import { describeProtocolMismatch } from '../../../shared/protocol/protocol-version';
import {
  type CreateRoomRequest,
  RELAY_HEALTH_PATH,
  RELAY_ROOMS_PATH,
  type RelayHealth,
} from '../../../shared/protocol/relay-http';
import { RELAY_PROTOCOL_VERSION } from '../../../shared/protocol/relay-protocol';

/** The relay answered an HTTP request with an error, or could not be reached. */
export class RelayRequestError extends Error {
  override readonly name: string = 'RelayRequestError';
  constructor(
    message: string,
    /** HTTP status, or null when the relay was not reached at all. */
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The relay speaks another protocol version than this app: retrying cannot help. */
export class RelayProtocolMismatchError extends RelayRequestError {
  override readonly name = 'RelayProtocolMismatchError';
  constructor(
    readonly relayVersion: number,
    readonly clientVersion: number,
  ) {
    super(describeProtocolMismatch({ relayVersion, clientVersion }), null);
  }
}

/**
 * What a host reads on /healthz. A relay from before `--advertise-urls` sends no `relays`, and a
 * list that does not parse must not cost the protocol check: both read as "no other relays".
 */
const HealthFacts = z.object({
  protocolVersion: z.number().int().positive(),
  relays: z.array(z.string()).optional().catch(undefined),
});

/** The part of a relay's /healthz the host acts on (`relays`: [] when it names none). */
export type RelayHealthFacts = Pick<RelayHealth, 'protocolVersion' | 'relays'>;

/**
 * The protocol version and the relay addresses a relay advertises on /healthz, in one request, or
 * null when that cannot be learnt (the relay is unreachable, or answers something else): the
 * caller then goes on and lets the websocket or the request itself report the trouble.
 */
export async function fetchRelayHealth(
  relayUrl: string,
  timeoutMs = 5_000,
): Promise<RelayHealthFacts | null> {
  try {
    const response = await fetch(`${relayUrl.replace(/\/+$/, '')}${RELAY_HEALTH_PATH}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) return null;
    const parsed = HealthFacts.safeParse(await response.json());
    if (!parsed.success) return null;
    return { protocolVersion: parsed.data.protocolVersion, relays: parsed.data.relays ?? [] };
  } catch {
    return null;
  }
}

/** The protocol version a relay advertises on /healthz (null: unknown, see fetchRelayHealth). */
export async function fetchRelayProtocolVersion(
  relayUrl: string,
  timeoutMs = 5_000,
): Promise<number | null> {
  return (await fetchRelayHealth(relayUrl, timeoutMs))?.protocolVersion ?? null;
}

/** Throws RelayProtocolMismatchError when the relay advertises another protocol version. */
export async function checkRelayProtocol(
  relayUrl: string,
  clientVersion = RELAY_PROTOCOL_VERSION,
): Promise<void> {
  const relayVersion = await fetchRelayProtocolVersion(relayUrl);
  if (relayVersion !== null && relayVersion !== clientVersion) {
    throw new RelayProtocolMismatchError(relayVersion, clientVersion);
  }
}

const CreatedRoom = z.object({
  id: z.string().min(1),
  writeKey: z.string().min(1),
  readKey: z.string().min(1),
});
export type CreatedRoom = z.infer<typeof CreatedRoom>;

export interface CreateRoomOptions {
  /** The relay's room-creation token, when it requires one. */
  creationToken?: string;
  /** Ask for a specific room id. */
  roomId?: string;
  /**
   * Keys this machine chose (with `roomId`): the relay answers a repeat of the same id and keys
   * with the same room (200), so creating it again is safe.
   */
  keys?: { writeKey: string; readKey: string };
  timeoutMs?: number;
}

function createRoomBody(options: CreateRoomOptions): CreateRoomRequest {
  if (!options.roomId) return {};
  return options.keys ? { id: options.roomId, ...options.keys } : { id: options.roomId };
}

/**
 * `POST /rooms` on a relay: creates a room and returns its id and keys. A relay of another
 * protocol version is refused first, so no room is left on a relay this app cannot use.
 */
export async function createRelayRoom(
  relayUrl: string,
  options: CreateRoomOptions = {},
): Promise<CreatedRoom> {
  await checkRelayProtocol(relayUrl);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.creationToken) headers.authorization = `Bearer ${options.creationToken}`;
  let response: Response;
  try {
    response = await fetch(`${relayUrl}${RELAY_ROOMS_PATH}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(createRoomBody(options)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new RelayRequestError(
      `Could not reach the relay at ${relayUrl}: ${String(error)}`,
      null,
      { cause: error },
    );
  }
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200) {
    throw new RelayRequestError(
      `The relay at ${relayUrl} refused to create a room (${response.status}): ${text.slice(0, 200)}`,
      response.status,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RelayRequestError(
      `The relay at ${relayUrl} answered with something that is not JSON.`,
      response.status,
      {
        cause: error,
      },
    );
  }
  const parsed = CreatedRoom.safeParse(body);
  if (!parsed.success) {
    throw new RelayRequestError(
      `The relay at ${relayUrl} answered without a room id and keys.`,
      response.status,
    );
  }
  return parsed.data;
}
