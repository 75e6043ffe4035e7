import { MessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import { createHostConnection, type HostConnection } from '../../../shared/channel/host-connection';
import {
  messagePortTransport,
  type MessagePortLike,
} from '../../../shared/channel/message-port-transport';
import { HostService } from '../channel/host-service';
import { ProfileStore } from '../channel/profile-store';
import { serveMessagePort } from '../channel/serve-message-port';
import { Host, type HostOptions } from '../host';

/** Node's worker_threads port hands listeners the message itself (no event wrapper). */
export function nodePort(port: NodeMessagePort): MessagePortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
    start: () => port.start(),
    close: () => port.close(),
  };
}

export interface MessagePortRig {
  host: Host;
  /** One window's connection, the code the renderer runs. */
  window: HostConnection;
  /** Closes the window's channel and the host, as the app does on quit. Safe to call twice. */
  stop: () => void;
}

/** A host as the desktop app runs it, with one window connected over a MessagePort. */
export function startMessagePortRig(
  dataDir: string,
  options: { name?: string; host?: Partial<HostOptions> } = {},
): MessagePortRig {
  const host = Host.open({ dataDir, ...options.host });
  const service = new HostService(host, new ProfileStore(dataDir, options.name ?? 'Ada'), {
    version: 'test',
    defaultRelayUrl: null,
  });
  const { port1, port2 } = new MessageChannel();
  const served = serveMessagePort(service, nodePort(port1), 1);
  const window = createHostConnection(messagePortTransport(nodePort(port2)));
  let stopped = false;
  return {
    host,
    window,
    stop: () => {
      if (stopped) return;
      stopped = true;
      served.close();
      service.close();
    },
  };
}

/** Polls until `check` holds; rejects after `timeoutMs`. */
export function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(poll, 10);
    };
    poll();
  });
}
