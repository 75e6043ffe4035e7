/**
 * Invite links: `incident-room://join?relay=<relay URL>&room=<room id>&key=<room key>`.
 *
 * Pure string code (no `URL`, which shared/ cannot assume) so the renderer, the host and the CLI
 * read a pasted invite identically. A paste from chat often carries extra text around the link
 * (angle brackets, quotes, "join here: …"), so the parser looks for the link inside the text.
 */
import { ROOM_ID_PATTERN } from '../protocol/relay-protocol';

export const INVITE_SCHEME = 'incident-room:';
const INVITE_PREFIX = 'incident-room://join?';

export interface Invite {
  /** The relay's HTTP(S) base URL, without a trailing slash, e.g. `https://relay.example.com`. */
  relayUrl: string;
  roomId: string;
  /** The write or read-only key; only the relay knows which. */
  key: string;
}

export type InviteParseError =
  | 'not-an-invite'
  | 'missing-relay'
  | 'bad-relay'
  | 'missing-room'
  | 'bad-room'
  | 'missing-key'
  | 'bad-key';

export type InviteParseResult =
  { ok: true; invite: Invite } | { ok: false; error: InviteParseError; message: string };

const MESSAGES: Record<InviteParseError, string> = {
  'not-an-invite':
    'This is not an Incident Room invite (it should start with incident-room://join?).',
  'missing-relay': 'The invite has no relay address.',
  'bad-relay': 'The relay address in the invite must be an http://, https://, ws:// or wss:// URL.',
  'missing-room': 'The invite has no room id.',
  'bad-room': 'The room id in the invite is not valid.',
  'missing-key': 'The invite has no room key.',
  'bad-key': 'The room key in the invite is not valid.',
};

/** Keys are random tokens from the relay: URL-safe characters, bounded so a paste cannot flood. */
export const KEY_PATTERN = /^[A-Za-z0-9_~.-]{8,256}$/;
// Control and format characters (BEL, NUL, zero-width, right-to-left overrides) are refused: they
// hide or disguise the relay's real address when the invite is shown before joining. Lone
// surrogates are refused too: formatInvite (encodeURIComponent) would throw on them.
const RELAY_PATTERN =
  /^(https?|wss?):\/\/[^\s/?#@\p{Cc}\p{Cf}\p{Cs}]+(\/[^\s?#\p{Cc}\p{Cf}\p{Cs}]*)?$/iu;
/** Characters that end a link inside pasted prose. */
const LINK_END = /[\s<>"'`)\]]/;

function fail(error: InviteParseError): InviteParseResult {
  return { ok: false, error, message: MESSAGES[error] };
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Turns `ws(s)://` into `http(s)://` and drops trailing slashes: the stored form is HTTP. */
export function normalizeRelayUrl(relay: string): string | null {
  const trimmed = relay.trim();
  if (!RELAY_PATTERN.test(trimmed)) return null;
  const http = trimmed.replace(/^ws(s?):\/\//i, (_match, secure: string) => `http${secure}://`);
  return http.replace(/\/+$/, '');
}

/** Reads an invite from a link or from pasted text that contains one. */
export function parseInvite(text: string): InviteParseResult {
  const start = text.indexOf(INVITE_PREFIX);
  if (start < 0) return fail('not-an-invite');
  const rest = text.slice(start + INVITE_PREFIX.length);
  const endMatch = LINK_END.exec(rest);
  const query = (endMatch ? rest.slice(0, endMatch.index) : rest).split('#')[0] ?? '';

  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = safeDecode(eq < 0 ? '' : pair.slice(eq + 1));
    // First occurrence wins: a second `key=` appended by someone else must not override.
    if (value !== null && !params.has(name)) params.set(name, value);
  }

  const relay = params.get('relay');
  if (!relay) return fail('missing-relay');
  const relayUrl = normalizeRelayUrl(relay);
  if (relayUrl === null) return fail('bad-relay');
  const roomId = params.get('room');
  if (!roomId) return fail('missing-room');
  if (!ROOM_ID_PATTERN.test(roomId)) return fail('bad-room');
  const key = params.get('key');
  if (!key) return fail('missing-key');
  if (!KEY_PATTERN.test(key)) return fail('bad-key');
  return { ok: true, invite: { relayUrl, roomId, key } };
}

/** Writes the link another person pastes or clicks to join the room. */
export function formatInvite(invite: Invite): string {
  const query = [
    `relay=${encodeURIComponent(invite.relayUrl)}`,
    `room=${encodeURIComponent(invite.roomId)}`,
    `key=${encodeURIComponent(invite.key)}`,
  ].join('&');
  return `${INVITE_PREFIX}${query}`;
}
