/**
 * The one map of IPC handlers: every channel the main process listens on, and nothing more.
 * Each handler checks who sent the message first.
 * Checklist #17 "Validate the sender of all IPC messages":
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
import type { IpcMainEvent, WebContents } from 'electron';
import { IPC } from '../../preload/ipc-channels';
import { isAppUrl } from '../security/security-rules';

export interface IpcDeps {
  /** Creates a host channel for the window and posts its port to `contents`. */
  connectHost(contents: WebContents): void;
}

type SenderEvent = Pick<IpcMainEvent, 'sender' | 'senderFrame'>;

/** Only our own top-level page may talk to the main process. */
export function isTrustedSender(event: SenderEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export function createIpcHandlers(deps: IpcDeps) {
  return {
    [IPC.connectHost]: (event: SenderEvent) => {
      if (!isTrustedSender(event)) return;
      deps.connectHost(event.sender);
    },
  } satisfies Record<(typeof IPC)['connectHost'], (event: SenderEvent) => void>;
}

export type IpcHandlers = ReturnType<typeof createIpcHandlers>;
