import { Agent, request as httpRequest } from 'node:http';

/**
 * The HTTP client a script would use: `node:http` with a keep-alive pool (what a Node script or
 * an importer built for volume uses), or the global `fetch` (undici), which costs this machine
 * two to three times the CPU per request and, on two shared cores, slows the relay it measures.
 */
export type HttpClientKind = 'node-http' | 'fetch';

export interface JsonPoster {
  /** POSTs a JSON body (to `url`, or the poster's own); resolves with the status and the answer's text. */
  post(body: string, url?: string): Promise<{ status: number; text: string }>;
  close(): void;
}

export function jsonPoster(
  kind: HttpClientKind,
  url: string,
  headers: Readonly<Record<string, string>>,
  connections: number,
): JsonPoster {
  const allHeaders = { ...headers, 'content-type': 'application/json' };
  if (kind === 'fetch') {
    return {
      post: async (body, to = url) => {
        const response = await fetch(to, { method: 'POST', headers: allHeaders, body });
        return { status: response.status, text: await response.text() };
      },
      close: () => undefined,
    };
  }
  // The relay (Node's default) closes a keep-alive socket after 5 s idle; reusing one just as it
  // closes fails with ECONNRESET. An open-loop sender leaves some of its pool idle that long after
  // a burst, so free sockets are dropped on this side first (the timeout closes only free ones).
  const agent = new Agent({ keepAlive: true, maxSockets: connections, timeout: 4_000 });
  return {
    post: (body, to = url) =>
      new Promise((resolve, reject) => {
        const request = httpRequest(
          to,
          {
            method: 'POST',
            agent,
            headers: { ...allHeaders, 'content-length': Buffer.byteLength(body) },
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(body);
      }),
    close: () => agent.destroy(),
  };
}
