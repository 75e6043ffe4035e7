/**
 * The renderer ⇄ host channel: one contract for both transports (a MessagePort in the desktop
 * app, a localhost websocket in web mode). Three kinds of traffic share it:
 *  - requests and responses of the typed host API (`HostApi`, see host-api.ts);
 *  - events the host pushes (room status, presence, room list changes);
 *  - Yjs frames that keep the renderer's replica of an open room in sync with the host's copy.
 */
import type { HostEvent } from './host-events';

export interface RequestMessage {
  kind: 'request';
  id: number;
  method: string;
  params: unknown;
}

export interface ChannelError {
  /** Stable machine-readable code (e.g. `room-not-found`, `invalid-params`). */
  code: string;
  /** One sentence a person can act on. */
  message: string;
}

export type ResponseMessage =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: ChannelError };

export interface EventMessage {
  kind: 'event';
  event: HostEvent;
}

/**
 * `sync`: a y-protocols sync message (step 1, step 2 or update) for the room's replica.
 * `saved`: host → renderer, the state vector of what the host has durably appended to SQLite, so
 * the renderer can say "saved" only for what really is.
 * `awareness`: a y-protocols awareness update. Host → renderer: the other people in the room
 * (their presence and editor carets). Renderer → host: this window's own state, of which the host
 * takes the caret (`cursor`) into the presence it shares with the room.
 */
export type DocFrameType = 'sync' | 'saved' | 'awareness';

export interface DocFrameMessage {
  kind: 'doc';
  roomId: string;
  frame: DocFrameType;
  data: Uint8Array;
}

export type ChannelMessage = RequestMessage | ResponseMessage | EventMessage | DocFrameMessage;
