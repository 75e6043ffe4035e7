import { messagePortTransport } from '../../../shared/channel/message-port-transport';
import type { MessagePortLike } from '../../../shared/channel/message-port-transport';
import type { HostChannelSession } from './host-channel-session';
import type { HostService } from './host-service';

export interface ServeMessagePortOptions {
  /** Names the other end in log lines (default `window <connectionId>`). */
  peerName?: string;
  /** Called once when the connection ends, whichever side ended it. */
  onClose?: () => void;
}

/** One window served over a MessagePort. */
export interface ServedMessagePort {
  readonly connectionId: number;
  /** The window's channel session: which rooms it shows. */
  readonly session: HostChannelSession;
  /** Tells the window the host is leaving it (it stops talking), then drops the connection. */
  close(): void;
}

/**
 * The desktop transport, host end: the shell creates a MessageChannel per window, gives one port
 * to the renderer through the preload script and this end to the host service.
 */
export function serveMessagePort(
  service: HostService,
  port: MessagePortLike,
  connectionId: number,
  options: ServeMessagePortOptions = {},
): ServedMessagePort {
  const peerName = options.peerName ?? `window ${connectionId}`;
  const transport = messagePortTransport(port, (error) =>
    console.error(`host: dropped an invalid message from ${peerName}: ${error.message}`),
  );
  const session = service.connect(connectionId, (message) => transport.send(message));
  transport.onMessage((message) => session.receive(message));
  transport.onClose(() => {
    service.disconnect(connectionId);
    options.onClose?.();
  });
  return {
    connectionId,
    session,
    close() {
      transport.send({ kind: 'event', event: { type: 'host-closing' } });
      service.disconnect(connectionId);
      transport.close();
    },
  };
}
