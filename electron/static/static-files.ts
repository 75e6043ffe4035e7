/**
 * Serves the built renderer (dist/renderer) and nothing else, for both of its servers: the
 * desktop shell's `app://renderer` protocol (electron/main/protocol/app-protocol.ts) and web
 * mode's 127.0.0.1 server (electron/web/web-server.ts). Each only adapts this module to its
 * transport, so the path checks, content types and headers are written and tested once.
 *
 * A request resolves to a regular file strictly inside the root, or is refused before the disk is
 * read for it: `..` segments (also percent-encoded), encoded backslashes, NUL bytes, absolute
 * paths and symlinks that lead out of the folder never reach a file outside.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Sent with every response, refusals included. */
export const STATIC_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // Web mode's page URL carries the session token; no request may pass it on.
  'referrer-policy': 'no-referrer',
};

export interface StaticRequest {
  /** The HTTP method; only GET and HEAD are served. */
  method: string;
  /** The URL's path, still percent-encoded as it came (`URL#pathname`), without the query. */
  pathname: string;
}

export interface StaticResponse {
  status: 200 | 400 | 403 | 404 | 405;
  headers: Record<string, string>;
  /** The file's bytes for a GET that found one; null for HEAD and every refusal. */
  body: Uint8Array | null;
}

export type ResolvedPath = { ok: true; file: string } | { ok: false; status: 400 | 403 };

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(root: string, file: string): boolean {
  const inside = relative(root, file);
  return (
    inside !== '' &&
    !inside.startsWith('..') &&
    !isAbsolute(inside) &&
    !inside.split(sep).includes('..')
  );
}

/**
 * Maps a URL path to a file under `rootDir` without touching the disk: `/` is index.html.
 * 400 for a path that cannot be a real asset name (bad percent-encoding, NUL, backslash), 403 for
 * one that tries to leave the folder. Decoding happens once, before every check.
 */
export function resolveStaticPath(rootDir: string, pathname: string): ResolvedPath {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };
  if (decoded.split('/').includes('..')) return { ok: false, status: 403 };
  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : decoded.slice(1);
  const root = resolve(rootDir);
  const file = resolve(root, relativePath);
  return isInside(root, file) ? { ok: true, file } : { ok: false, status: 403 };
}

/**
 * Whether the document itself may be cached. The page's URL carries web mode's session token, so
 * the page is never stored; the hashed assets hold nothing secret and get no cache header.
 */
function cacheHeaders(file: string): Record<string, string> {
  return extname(file).toLowerCase() === '.html' ? { 'cache-control': 'no-store' } : {};
}

export type Refusal = Exclude<StaticResponse['status'], 200>;

const REASONS: Readonly<Record<Refusal, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
};

/** A refusal: a short text saying why, with the same headers (the CSP among them) as any answer. */
export function refuseStaticRequest(
  status: Refusal,
  method: string,
  extraHeaders: Record<string, string> = {},
): StaticResponse {
  return {
    status,
    headers: {
      ...STATIC_RESPONSE_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      ...extraHeaders,
    },
    body: method === 'HEAD' ? null : new TextEncoder().encode(`${REASONS[status]}\n`),
  };
}

/** Answers one request for a file of the built renderer. Never throws for a missing file. */
export async function serveStaticFile(
  rootDir: string,
  request: StaticRequest,
): Promise<StaticResponse> {
  const head = request.method === 'HEAD';
  const refuse = (status: Refusal, extra?: Record<string, string>) =>
    refuseStaticRequest(status, request.method, extra);
  if (request.method !== 'GET' && !head) return refuse(405, { allow: 'GET, HEAD' });
  const resolved = resolveStaticPath(rootDir, request.pathname);
  if (!resolved.ok) return refuse(resolved.status);
  let bytes: Buffer;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(resolved.file)]);
    // A symlink inside the folder must not lead out of it.
    if (!isInside(realRoot, realFile)) return refuse(403);
    if (!(await stat(realFile)).isFile()) return refuse(404);
    bytes = await readFile(realFile);
  } catch {
    // Missing (or vanished, or unreadable): the same answer as for a name that never existed.
    return refuse(404);
  }
  return {
    status: 200,
    headers: {
      ...STATIC_RESPONSE_HEADERS,
      ...cacheHeaders(resolved.file),
      'content-type': contentTypeOf(resolved.file),
      'content-length': String(bytes.byteLength),
    },
    body: head ? null : new Uint8Array(bytes),
  };
}
