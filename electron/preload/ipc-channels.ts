/**
 * The IPC channel names between the preload script and the main process: the whole list. The
 * main process registers exactly these (see `../main/ipc/ipc-handlers.ts`); nothing is forwarded
 * by name from the page.
 */
export const IPC = {
  /** Renderer → main: "give this window a host channel". */
  connectHost: 'incident-room:connect-host',
  /** Main → renderer: the port of that channel (in `event.ports[0]`). */
  hostPort: 'incident-room:host-port',
} as const;
