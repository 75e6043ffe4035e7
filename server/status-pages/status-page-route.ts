import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StatusPageIndex } from '../../shared/protocol/relay-http';
import type { RelayContext } from '../relay-context';
import { relayTimeHeaders, sendError } from '../http/respond';
import { renderStatusPageAtom } from './status-page-atom';
import { renderStatusPageHtml } from './status-page-html';
import { buildStatusPageView } from './status-page-view';

export type StatusPageFormat = 'html' | 'json' | 'atom';

const CONTENT_TYPE: Record<StatusPageFormat, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/**
 * Serves a page from the relay's rows (never from a room document, so a busy room cannot slow
 * it; in shared mode every relay reads the same rows, so each serves the same bytes). The ETag is
 * a digest of the body, so it changes exactly when what a reader sees does; Last-Modified is the
 * last change of the page's rows, its declaration in the file (the relay's start, or in shared
 * mode the start of the first relay with that declaration) or an incident ageing out, whichever
 * is latest.
 */
export async function statusPageRoute(
  context: RelayContext,
  pageId: string,
  format: StatusPageFormat,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const page = context.statusPages.pages.get(pageId);
  if (!page) return sendError(response, 404, `no status page "${pageId}"`);
  const [rooms, version] = await Promise.all([
    context.statusPageRows.pageRooms(page.id),
    context.statusPageRows.pageVersion(page.id),
  ]);
  const { view, agedOutAt } = buildStatusPageView(page, rooms, Date.now());
  // HTTP dates have whole seconds; a change within the second must not look older than the date.
  const lastModified = new Date(
    Math.floor(Math.max(version?.changedAt ?? 0, agedOutAt) / 1000) * 1000,
  );
  const body =
    format === 'json'
      ? JSON.stringify({ ...view, updatedAt: lastModified.toISOString() })
      : format === 'atom'
        ? renderStatusPageAtom(view, lastModified)
        : renderStatusPageHtml(view, lastModified);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers: Record<string, string> = {
    etag,
    'last-modified': lastModified.toUTCString(),
    // Readers may keep it a little, and must check with the validators after that.
    'cache-control': 'public, max-age=10, must-revalidate',
    'x-content-type-options': 'nosniff',
    ...relayTimeHeaders(),
  };
  if (format === 'html') {
    headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'";
  }
  if (notModified(request, etag, lastModified)) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  response.writeHead(200, {
    ...headers,
    'content-type': CONTENT_TYPE[format],
    'content-length': String(Buffer.byteLength(body)),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** RFC 9110 §13.1: If-None-Match wins; If-Modified-Since counts only without it. */
function notModified(request: IncomingMessage, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === etag || tag === '*');
  }
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && lastModified.getTime() <= since;
}

/**
 * `GET /status.json`: which pages this relay serves and their components, so an IC can choose one
 * for the room. Public like the pages themselves; read from the file loaded at start.
 */
export function statusPageIndexRoute(context: RelayContext, response: ServerResponse): void {
  const index: StatusPageIndex = {
    pages: [...context.statusPages.pages.values()].map((page) => ({
      id: page.id,
      title: page.title,
      url: page.url,
      components: page.components.map(({ id, name }) => ({ id, name })),
    })),
  };
  const body = JSON.stringify(index);
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    // The file is read once at start: the list changes only with a restart.
    'cache-control': 'public, max-age=60',
    'x-content-type-options': 'nosniff',
    ...relayTimeHeaders(),
  });
  response.end(body);
}
