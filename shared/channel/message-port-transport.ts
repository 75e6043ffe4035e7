import type { ChannelMessage } from './messages';
import type { HostTransport } from './transport';
import { ChannelDecodeError, validateChannelMessage } from './wire-codec';

/**
 * The part of a MessagePort the channel uses. The DOM's MessagePort (renderer), Electron's
 * MessagePortMain (host) and Node's worker_threads port (tests) each deliver messages a little
 * differently, so each end wraps its port in this shape (a two-line adapter) and one transport
 * serves all of them.
 */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  start(): void;
  close(): void;
}

/**
 * The desktop transport: structured clone carries ChannelMessages as they are (Uint8Arrays
 * included), so there is no codec, only the same validation as the websocket path. A MessagePort
 * has no reliable close signal, so the host announces its end with a `host-closing` event.
 */
export function messagePortTransport(
  port: MessagePortLike,
  onInvalid: (error: ChannelDecodeError) => void = () => undefined,
): HostTransport {
  const closeListeners: Array<(reason: string) => void> = [];
  let closed = false;
  const closeWith = (reason: string) => {
    if (closed) return;
    closed = true;
    port.close();
    for (const listener of closeListeners) listener(reason);
  };
  const messageListeners: Array<(message: ChannelMessage) => void> = [];
  port.onMessage((data) => {
    let message: ChannelMessage;
    try {
      message = validateChannelMessage(data);
    } catch (error) {
      if (error instanceof ChannelDecodeError) onInvalid(error);
      return;
    }
    if (message.kind === 'event' && message.event.type === 'host-closing') {
      closeWith('The host is shutting down.');
      return;
    }
    for (const listener of messageListeners) listener(message);
  });
  port.start();
  return {
    send: (message) => {
      if (!closed) port.postMessage(message);
    },
    onMessage: (listener) => messageListeners.push(listener),
    onClose: (listener) => closeListeners.push(listener),
    close: () => closeWith('closed by this side'),
  };
}
