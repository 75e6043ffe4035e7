/**
 * The host inside the desktop app: the same Host and HostService web mode runs, living in the
 * main process, with one MessagePort channel per window. Windows come and go; rooms stay open
 * and syncing (see HostService).
 *
 * Electron-free: the port arrives already wrapped as a MessagePortLike, so tests drive this with
 * Node's MessageChannel.
 */
import { Host } from '../../host/host';
import { HostService } from '../../host/channel/host-service';
import { ProfileStore } from '../../host/channel/profile-store';
import { type ServedMessagePort, serveMessagePort } from '../../host/channel/serve-message-port';
import type { MessagePortLike } from '../../../shared/channel/message-port-transport';
import type { RoomSummary } from '../../../shared/channel/host-api';

export interface DesktopHostOptions {
  dataDir: string;
  version: string;
  /**
   * Prints a postmortem's HTML to PDF for the window's Export menu: Electron's own printToPDF in
   * the app (the desktop bundle has no headless Chromium); the host's default elsewhere.
   */
  printPdf?: (html: string) => Promise<Uint8Array>;
}

export class DesktopHost {
  readonly host: Host;
  readonly profile: ProfileStore;
  readonly service: HostService;
  private readonly channels = new Map<number, ServedMessagePort>();
  private nextConnectionId = 1;
  private closed = false;

  constructor(options: DesktopHostOptions) {
    this.host = Host.open({ dataDir: options.dataDir });
    this.profile = new ProfileStore(options.dataDir);
    this.service = new HostService(
      this.host,
      this.profile,
      { version: options.version, defaultRelayUrl: null },
      {},
      options.printPdf,
    );
  }

  /**
   * Serves a window's end of a fresh channel. A window that reloads asks again: its old
   * connection is dropped first, so a window is never served twice.
   */
  connectWindow(windowId: number, port: MessagePortLike): void {
    if (this.closed) {
      port.close();
      return;
    }
    this.disconnectWindow(windowId);
    const connectionId = this.nextConnectionId++;
    const served = serveMessagePort(this.service, port, connectionId, {
      peerName: `window ${windowId}`,
      onClose: () => {
        // A reloaded window's old channel may end after its new one is registered: keep the new.
        if (this.channels.get(windowId)?.connectionId === connectionId)
          this.channels.delete(windowId);
      },
    });
    this.channels.set(windowId, served);
  }

  disconnectWindow(windowId: number): void {
    const channel = this.channels.get(windowId);
    if (!channel) return;
    this.channels.delete(windowId);
    channel.close();
  }

  /** The window currently showing a room, if any. */
  windowShowing(roomId: string): number | null {
    for (const [windowId, channel] of this.channels) {
      if (channel.session.hasRoom(roomId)) return windowId;
    }
    return null;
  }

  /** The room a window shows (the first, if it somehow shows several). */
  roomShownIn(windowId: number): string | null {
    const channel = this.channels.get(windowId);
    if (!channel) return null;
    return (
      this.host.listRooms().find((room) => channel.session.hasRoom(room.localId))?.localId ?? null
    );
  }

  /** Joins (or finds) the room of an invite link; rooms already here are returned as they are. */
  async joinFromLink(link: string): Promise<RoomSummary> {
    return this.service.handlers['rooms.join']({ invite: link }, { connectionId: 0 });
  }

  /**
   * Tells every window the host is going, then closes every room: each SQLite file is closed
   * (its WAL checkpointed) and relay connections end. Safe to call twice.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const windowId of [...this.channels.keys()]) this.disconnectWindow(windowId);
    this.service.close();
  }
}
