/**
 * The desktop shell's preload API: what `window.incidentRoomDesktop` offers the renderer. Written
 * once here; the preload script checks its object with `satisfies DesktopApi` and the renderer
 * reads the same type, so the two cannot drift. Deliberately small and named: no generic
 * `invoke(channel)`, so a compromised page can do nothing the shell did not decide to offer.
 */
export interface DesktopApi {
  /** `process.platform` of the shell (the renderer adapts shortcuts, e.g. ⌘ vs Ctrl). */
  readonly platform: string;
  /**
   * Asks the shell for this window's host channel. The shell answers with a MessagePort, which
   * the preload hands to the page as a window message `{ type: HOST_PORT_MESSAGE }` carrying the
   * port in `event.ports[0]` (contextBridge cannot pass ports; `window.postMessage` can).
   */
  connectHost(): void;
}

/** The global the preload script defines in the page. */
export const DESKTOP_API_KEY = 'incidentRoomDesktop';

/** The `type` of the window message that carries the host port into the page. */
export const HOST_PORT_MESSAGE = 'incident-room:host-port';

/** The query parameter the shell sets on a window opened for one room (deep link, notification). */
export const OPEN_ROOM_PARAM = 'room';
