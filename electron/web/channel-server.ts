import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { ChannelDecodeError, decodeFromWire, encodeForWire } from '../../shared/channel/wire-codec';
import type { ChannelMessage } from '../../shared/channel/messages';

export const CHANNEL_PATH = '/channel';
/** Host API messages are small; a generous cap still stops a runaway tab from filling memory. */
const MAX_CHANNEL_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface ChannelConnection {
  readonly connectionId: number;
  send(message: ChannelMessage): void;
}

export interface ChannelServerOptions {
  /** The secret printed in the web-mode URL; a tab without it is refused. */
  token: string;
  /** Allowed Origin header values (the page's own origin). */
  allowedOrigins: () => readonly string[];
  onConnect(connection: ChannelConnection): {
    receive(message: ChannelMessage): void;
    close(): void;
  };
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The web-mode transport of the renderer channel: a websocket on the same 127.0.0.1 origin that
 * serves the page. Two checks in the upgrade keep other local pages out: the Origin must be the
 * page's own, and the session token from the printed URL must match.
 */
export function attachChannelServer(
  server: Server,
  options: ChannelServerOptions,
): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CHANNEL_MESSAGE_BYTES });
  let nextConnectionId = 1;

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CHANNEL_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    const origin = request.headers.origin;
    if (origin !== undefined && !options.allowedOrigins().includes(origin)) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (!sameSecret(url.searchParams.get('token') ?? '', options.token)) {
      return refuseUpgrade(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const connection: ChannelConnection = {
        connectionId: nextConnectionId++,
        send(message) {
          if (ws.readyState === ws.OPEN) ws.send(encodeForWire(message));
        },
      };
      const session = options.onConnect(connection);
      ws.on('message', (data: RawData, isBinary: boolean) => {
        try {
          const payload = isBinary ? toBytes(data) : Buffer.from(toBytes(data)).toString('utf8');
          session.receive(decodeFromWire(payload));
        } catch (error) {
          if (!(error instanceof ChannelDecodeError)) throw error;
          ws.close(4400, error.message.slice(0, 120));
        }
      });
      ws.on('close', () => session.close());
      ws.on('error', () => session.close());
    });
  });
  return wss;
}
