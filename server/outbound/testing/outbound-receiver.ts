import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, byte for byte. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly at: number;
  /** The sender's side of the connection (which process sent it: see testing/socket-owner.ts). */
  readonly remotePort: number;
  /** The status it was answered with; null when it was left hanging. */
  readonly status: number | null;
}

/**
 * How the receiver answers the request at `index` (0-based, over all it got): a status, with
 * headers, or `'hang'` to never answer (a receiver that dies mid-request).
 */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

type Arrived = Omit<ReceivedRequest, 'status'>;

/**
 * A loopback HTTP server standing in for a webhook or Slack endpoint, for tests: it keeps every
 * request and answers as `answer` says (200 "ok" by default, as Slack does). `stop()` closes it
 * so connections are refused; `start()` listens again on the same port.
 */
export class OutboundReceiver {
  readonly requests: ReceivedRequest[] = [];
  answer: (request: Arrived, index: number) => Answer = () => ({ status: 200 });
  private server = this.makeServer();
  private hanging: ServerResponse[] = [];
  port = 0;

  static async start(port = 0): Promise<OutboundReceiver> {
    const receiver = new OutboundReceiver();
    await receiver.listen(port);
    return receiver;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The bodies of the requests, parsed as JSON. */
  bodies<T>(): T[] {
    return this.requests.map((request) => JSON.parse(request.body.toString('utf8')) as T);
  }

  /** The distinct Idempotency-Keys, in the order each was first received. */
  uniqueKeys(): string[] {
    return [...new Set(this.requests.map((request) => String(request.headers['idempotency-key'])))];
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.hanging = [];
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async listen(port = this.port): Promise<void> {
    this.server = this.makeServer();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  private makeServer() {
    return createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const arrived: Arrived = {
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks),
          at: Date.now(),
          remotePort: request.socket.remotePort ?? 0,
        };
        const answer = this.answer(arrived, this.requests.length);
        this.requests.push({ ...arrived, status: answer === 'hang' ? null : answer.status });
        if (answer === 'hang') {
          this.hanging.push(response);
          return;
        }
        response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        response.end(answer.body ?? (answer.status < 300 ? 'ok' : 'not now'));
      });
    });
  }
}
