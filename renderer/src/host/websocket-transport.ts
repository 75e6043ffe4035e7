import { decodeFromWire, encodeForWire } from '../../../shared/channel/wire-codec';
import type { ChannelMessage } from '../../../shared/channel/messages';
import type { HostTransport } from './transport';

/**
 * Web mode: the host serves this page and the channel from the same 127.0.0.1 origin. The
 * session token in the page URL proves to the host that this tab was opened from the URL it
 * printed, so another local web page cannot drive the host.
 */
export function connectWebSocketTransport(location: Location): Promise<HostTransport> {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${protocol}//${location.host}/channel?token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const messageListeners: Array<(message: ChannelMessage) => void> = [];
  const closeListeners: Array<(reason: string) => void> = [];
  socket.addEventListener('message', (event: MessageEvent<string | ArrayBuffer>) => {
    const data = typeof event.data === 'string' ? event.data : new Uint8Array(event.data);
    let message: ChannelMessage;
    try {
      message = decodeFromWire(data);
    } catch (error) {
      console.error('incident-room: dropped a malformed message from the host', error);
      return;
    }
    for (const listener of messageListeners) listener(message);
  });
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () =>
      resolve({
        send: (message) => {
          // Once the socket is closing nothing reaches the host any more, and the close event
          // reports that once (onClose: waiting requests fail, the UI says "Host lost"). Parts of
          // the page keep talking after that (typed edits, the presence renewal every 15 s); a
          // send then would only make the browser log "WebSocket is already in CLOSING or CLOSED
          // state" per frame. The desktop transport drops them the same way.
          if (socket.readyState === WebSocket.OPEN) socket.send(encodeForWire(message));
        },
        onMessage: (listener) => messageListeners.push(listener),
        onClose: (listener) => closeListeners.push(listener),
        close: () => socket.close(),
      }),
    );
    socket.addEventListener('close', (event) => {
      const reason = event.reason || `the host closed the connection (code ${event.code})`;
      reject(new Error(reason));
      for (const listener of closeListeners) listener(reason);
    });
  });
}
