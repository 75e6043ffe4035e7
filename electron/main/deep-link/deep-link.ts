/**
 * Deep links: `incident-room://join?relay=…&room=…&key=…` opens (or focuses) the room.
 *
 * How each platform delivers one:
 * - macOS: the `open-url` app event (Info.plist CFBundleURLTypes, written by electron-builder from
 *   `protocols` in electron-builder.yml).
 * - Windows: a new process with the URL in argv; the single-instance lock forwards that argv to
 *   the running app in `second-instance` (the NSIS installer and `app.setAsDefaultProtocolClient`
 *   register the scheme).
 * - Linux: the same argv path; the .desktop file declares `x-scheme-handler/incident-room`.
 *
 * Parsing is strict: the whole argument must be the link (no fishing inside other text, unlike a
 * paste), and the invite rules are shared with the renderer and the CLI.
 */
import { INVITE_SCHEME, parseInvite, type Invite } from '../../../shared/invite/invite-link';

export const DEEP_LINK_PROTOCOL = INVITE_SCHEME.replace(/:$/, '');

export type DeepLink = { kind: 'join'; link: string; invite: Invite };

export type DeepLinkResult = { ok: true; link: DeepLink } | { ok: false; reason: string };

const MAX_LINK_LENGTH = 4096;

export function parseDeepLink(url: string): DeepLinkResult {
  if (url.length > MAX_LINK_LENGTH) return { ok: false, reason: 'The link is too long.' };
  if (!url.toLowerCase().startsWith(`${DEEP_LINK_PROTOCOL}://`)) {
    return { ok: false, reason: `Not an ${DEEP_LINK_PROTOCOL}:// link.` };
  }
  if (/\s/.test(url)) return { ok: false, reason: 'The link contains spaces.' };
  const action = url.slice(DEEP_LINK_PROTOCOL.length + 3).split(/[/?#]/)[0];
  if (action !== 'join') {
    return { ok: false, reason: `Unknown ${DEEP_LINK_PROTOCOL}:// action "${action ?? ''}".` };
  }
  // The invite parser expects the scheme as we write it; Windows may hand it over upper-cased.
  const parsed = parseInvite(DEEP_LINK_PROTOCOL + url.slice(DEEP_LINK_PROTOCOL.length));
  if (!parsed.ok) return { ok: false, reason: parsed.message };
  return { ok: true, link: { kind: 'join', link: url, invite: parsed.invite } };
}

/**
 * The deep link among a process's arguments (Windows and Linux pass it as one argument; Chromium
 * switches may come before it). Returns the first argument that is a link of our scheme.
 */
export function findDeepLinkArgument(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_PROTOCOL}://`)) ?? null;
}

/**
 * Arguments for `app.setAsDefaultProtocolClient` when running unpackaged (`electron .`): the OS
 * must start Electron with our app path, or it would launch the bare Electron default app.
 */
export function protocolClientArgs(
  defaultApp: boolean,
  argv: readonly string[],
): [string] | [string, string, string[]] {
  if (defaultApp && argv.length >= 2 && argv[1] !== undefined) {
    return [DEEP_LINK_PROTOCOL, argv[0] ?? process.execPath, [argv[1]]];
  }
  return [DEEP_LINK_PROTOCOL];
}
