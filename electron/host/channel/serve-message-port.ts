import { messagePortTransport } from '../../../shared/channel/message-port-transport';
import type { MessagePortLike } from '../../../shared/channel/message-port-transport';
import type { HostService } from './host-service';

/**
 * The desktop transport, host end: the shell creates a MessageChannel per window, gives one port
 * to the renderer through the preload script and this end to the host service.
 */
export function serveMessagePort(
  service: HostService,
  port: MessagePortLike,
  connectionId: number,
): { close(): void } {
  const transport = messagePortTransport(port, (error) =>
    console.error(`host: dropped an invalid message from window ${connectionId}: ${error.message}`),
  );
  const session = service.connect(connectionId, (message) => transport.send(message));
  transport.onMessage((message) => session.receive(message));
  transport.onClose(() => service.disconnect(connectionId));
  return {
    close() {
      transport.send({ kind: 'event', event: { type: 'host-closing' } });
      service.disconnect(connectionId);
      transport.close();
    },
  };
}
