import type { IncomingMessage } from 'node:http';

/** The client's IP for limits and logs: the socket's peer, or behind our own proxy its last hop. */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '');
    // The last hop is the one our own proxy appended; earlier ones are the client's word.
    const last = hops.at(-1);
    if (last) return last;
  }
  return request.socket.remoteAddress ?? 'unknown';
}
