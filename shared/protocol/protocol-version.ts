/**
 * How a host and a relay agree on RELAY_PROTOCOL_VERSION, and what a person is told when they
 * do not. The relay closes a client that declares another version with `ProtocolMismatch`, its
 * close reason written by `protocolMismatchReason`; hosts and the CLI read the reason back to say
 * which side is older. Hosts also read `protocolVersion` from `GET /healthz`, because a relay from
 * before this check serves a client whatever it declares.
 */

/**
 * Test-only: the environment variable that makes a relay speak (and advertise) another protocol
 * version, so host and CLI tests can meet a relay newer than themselves. Read by server/config.ts.
 */
export const RELAY_PROTOCOL_VERSION_ENV = 'INCIDENT_ROOM_RELAY_PROTOCOL_VERSION';

/** What the `protocol` query parameter of a websocket request says. */
export type DeclaredProtocol =
  /** Nothing: a stock y-websocket client (sync and awareness only). */
  | { readonly kind: 'none' }
  | { readonly kind: 'version'; readonly version: number }
  | { readonly kind: 'malformed' };

const WHOLE_NUMBER = /^[1-9]\d{0,8}$/;

export function parseDeclaredProtocol(text: string | null): DeclaredProtocol {
  if (text === null) return { kind: 'none' };
  if (!WHOLE_NUMBER.test(text)) return { kind: 'malformed' };
  return { kind: 'version', version: Number(text) };
}

export interface ProtocolMismatch {
  readonly relayVersion: number;
  readonly clientVersion: number;
}

/** The close reason of `ProtocolMismatch`: names both versions, well under the 123-byte limit. */
export function protocolMismatchReason({ relayVersion, clientVersion }: ProtocolMismatch): string {
  return `relay speaks protocol ${relayVersion}; client declared protocol ${clientVersion}`;
}

const MISMATCH_REASON = /^relay speaks protocol (\d+); client declared protocol (\d+)$/;

/** Both versions from a `ProtocolMismatch` close reason; null for any other text. */
export function parseProtocolMismatchReason(reason: string): ProtocolMismatch | null {
  const match = MISMATCH_REASON.exec(reason);
  if (!match) return null;
  return { relayVersion: Number(match[1]), clientVersion: Number(match[2]) };
}

/** What to tell the person, who can only update their own app or ask the relay's operator. */
export function describeProtocolMismatch({
  relayVersion,
  clientVersion,
}: ProtocolMismatch): string {
  const versions = `This relay speaks protocol ${relayVersion}; this app speaks ${clientVersion}.`;
  return relayVersion > clientVersion
    ? `${versions} Update the app.`
    : `${versions} The relay is older: ask its operator to update it.`;
}
