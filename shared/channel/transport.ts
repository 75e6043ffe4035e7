import type { ChannelMessage } from './messages';

/**
 * How the renderer reaches its host. A websocket to 127.0.0.1 in web mode; a MessagePort handed
 * over by the preload script in the desktop app. Both carry `ChannelMessage`s.
 */
export interface HostTransport {
  send(message: ChannelMessage): void;
  onMessage(listener: (message: ChannelMessage) => void): void;
  /** Called once when the transport is gone for good (host exited, tab lost the socket). */
  onClose(listener: (reason: string) => void): void;
  close(): void;
}
