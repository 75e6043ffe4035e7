import type { IncomingMessage } from 'node:http';
import { KEY_QUERY_PARAM } from '../../shared/protocol/relay-protocol';

/** The bearer token of an `Authorization` header, or null when absent or not a bearer. */
export function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * The room key a client presented: `Authorization: Bearer` first (scripts and hosts), else
 * `?key=` (browsers cannot set headers on a websocket).
 */
export function presentedRoomKey(request: IncomingMessage, url: URL): string | null {
  const fromHeader = bearerToken(request);
  if (fromHeader) return fromHeader;
  const fromQuery = url.searchParams.get(KEY_QUERY_PARAM);
  return fromQuery && fromQuery.length > 0 ? fromQuery : null;
}
