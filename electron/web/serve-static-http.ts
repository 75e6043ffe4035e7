import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuseStaticRequest, serveStaticFile } from '../static/static-files';
import type { StaticResponse } from '../static/static-files';

function send(response: ServerResponse, answer: StaticResponse): void {
  response.writeHead(answer.status, answer.headers).end(answer.body ?? undefined);
}

/**
 * Web mode's transport for the built renderer: node:http in, node:http out. What a path means and
 * what is refused is the static-file module's, shared with the desktop's app:// protocol.
 */
export async function serveStaticHttp(
  rootDir: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  let pathname: string;
  try {
    // The base only completes origin-form targets (`/assets/x.js?v=1`); the host is not used.
    pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    send(response, refuseStaticRequest(400, method));
    return;
  }
  send(response, await serveStaticFile(rootDir, { method, pathname }));
}
