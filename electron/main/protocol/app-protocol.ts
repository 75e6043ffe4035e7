/**
 * `app://renderer/...`: serves the built renderer (dist/renderer) and nothing else.
 * Checklist #18 "Avoid usage of the file:// protocol and prefer usage of custom protocols":
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 *
 * The path check is pure and unit-tested: a request resolves to a file strictly inside the
 * renderer folder or is refused; `..`, encoded separators, NUL bytes, other hosts and symlinks
 * out of the folder never reach the disk.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from '../security/security-rules';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export type ResolvedPath = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps an app:// URL to a file under `rootDir`, or says why not. `/` is index.html.
 */
export function resolveRendererPath(rootDir: string, requestUrl: string): ResolvedPath {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  // An encoded separator or NUL in a segment is never a real asset name: refuse, don't guess.
  if (pathname.includes('\0') || pathname.includes('\\')) return { ok: false, status: 400 };
  if (pathname.split('/').some((segment) => segment === '..')) return { ok: false, status: 403 };
  const relativePath = pathname === '/' || pathname === '' ? 'index.html' : pathname.slice(1);
  const root = resolve(rootDir);
  const file = resolve(root, relativePath);
  const inside = relative(root, file);
  if (
    inside === '' ||
    inside.startsWith('..') ||
    isAbsolute(inside) ||
    inside.split(sep).includes('..')
  ) {
    return { ok: false, status: 403 };
  }
  return { ok: true, file };
}

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Reads the file behind a request; the response always carries the CSP and nosniff. */
export async function serveRendererRequest(rootDir: string, requestUrl: string): Promise<Response> {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  };
  const resolved = resolveRendererPath(rootDir, requestUrl);
  if (!resolved.ok) return new Response(null, { status: resolved.status, headers });
  try {
    // A symlink inside the folder must not lead out of it.
    const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(resolved.file)]);
    const inside = relative(realRoot, realFile);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      return new Response(null, { status: 403, headers });
    }
    const body = await readFile(realFile);
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': mimeTypeOf(realFile) },
    });
  } catch {
    return new Response(null, { status: 404, headers });
  }
}

/** The privileges app:// needs; registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;
