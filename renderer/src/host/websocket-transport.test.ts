import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeFromWire } from '../../../shared/channel/wire-codec';
import type { ChannelMessage } from '../../../shared/channel/messages';
import { connectWebSocketTransport } from './websocket-transport';

type Listener = (event: unknown) => void;

/**
 * The browser's WebSocket as far as the transport uses it, with the one behaviour that matters
 * here: a send on a socket that is not open is a fault (Chromium logs "WebSocket is already in
 * CLOSING or CLOSED state" to the console; here it is recorded).
 */
class BrowserLikeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static last: BrowserLikeWebSocket | undefined;
  readyState = BrowserLikeWebSocket.CONNECTING;
  binaryType = 'blob';
  readonly sent: Array<string | Uint8Array> = [];
  readonly sendsWhileNotOpen: number[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    BrowserLikeWebSocket.last = this;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(data: string | Uint8Array): void {
    if (this.readyState !== BrowserLikeWebSocket.OPEN) this.sendsWhileNotOpen.push(this.readyState);
    else this.sent.push(data);
  }
  close(): void {
    this.readyState = BrowserLikeWebSocket.CLOSING;
  }
  emit(type: string, event: unknown = {}): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

const PING: ChannelMessage = { kind: 'request', id: 1, method: 'profile.get', params: {} };
const pageLocation = { search: '?token=abc', protocol: 'http:', host: '127.0.0.1:5000' };

async function openTransport() {
  vi.stubGlobal('WebSocket', BrowserLikeWebSocket);
  const connecting = connectWebSocketTransport(pageLocation as Location);
  const socket = BrowserLikeWebSocket.last;
  if (!socket) throw new Error('the transport opened no socket');
  socket.readyState = BrowserLikeWebSocket.OPEN;
  socket.emit('open');
  return { transport: await connecting, socket };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the web-mode websocket transport', () => {
  it('connects to the page origin with the session token and carries messages while open', async () => {
    const { transport, socket } = await openTransport();
    expect(socket.url).toBe('ws://127.0.0.1:5000/channel?token=abc');
    transport.send(PING);
    expect(socket.sent.map((data) => decodeFromWire(data))).toEqual([PING]);
  });

  it('sends nothing on a closing or closed socket, and reports the loss once', async () => {
    const { transport, socket } = await openTransport();
    const losses: string[] = [];
    transport.onClose((reason) => losses.push(reason));

    // The host went away: the socket is closing before its close event arrives.
    socket.readyState = BrowserLikeWebSocket.CLOSING;
    transport.send(PING);
    socket.readyState = BrowserLikeWebSocket.CLOSED;
    socket.emit('close', { code: 1006, reason: '' });
    transport.send(PING);

    expect(socket.sendsWhileNotOpen).toEqual([]);
    expect(socket.sent).toEqual([]);
    expect(losses).toEqual(['the host closed the connection (code 1006)']);
  });
});
