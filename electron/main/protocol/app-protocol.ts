/**
 * `app://renderer/...`: serves the built renderer (dist/renderer) and nothing else.
 * Checklist #18 "Avoid usage of the file:// protocol and prefer usage of custom protocols":
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 *
 * Only the transport lives here: which scheme and host are ours, and turning the answer into a
 * fetch `Response` for `protocol.handle`. Which file a path means, the refusals (`..`, encoded
 * separators, NUL, symlinks out of the folder), the content types and the headers (the one CSP
 * among them) come from the static-file module web mode serves the same files with.
 */
import { refuseStaticRequest, serveStaticFile } from '../../static/static-files';
import type { StaticResponse } from '../../static/static-files';
import { APP_HOST, APP_SCHEME } from '../security/security-rules';

function toResponse(answer: StaticResponse): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** Answers one app:// request. Other hosts and schemes are refused before any path is read. */
export async function serveRendererRequest(
  rootDir: string,
  requestUrl: string,
  method = 'GET',
): Promise<Response> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return toResponse(refuseStaticRequest(400, method));
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return toResponse(refuseStaticRequest(403, method));
  }
  return toResponse(await serveStaticFile(rootDir, { method, pathname: url.pathname }));
}

/** The privileges app:// needs; registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;
