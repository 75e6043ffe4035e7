/** Events the host pushes to renderers without being asked. */

/** How the room's copy on this machine relates to the relay, stated honestly. */
export type ConnectionState = 'local-only' | 'live' | 'connecting' | 'offline' | 'refused';

export interface RoomStatus {
  roomId: string;
  connection: ConnectionState;
  /** ISO time the host last lost the relay; null while live or never connected. */
  offlineSince: string | null;
  /** Local changes the relay has not confirmed storing yet (derived from state vectors). */
  pendingToRelay: number;
  /** This machine's clock minus the relay's clock, in ms; 0 until measured. */
  clockOffsetMs: number;
  /** Why the relay refused us (bad key, room gone), when connection is `refused`. */
  refusal: string | null;
  /** Set when a change could not be written to this machine's disk: it is in memory only. */
  saveError: string | null;
}

export interface PresencePeer {
  clientId: number;
  /** The person's stable profile id (null from clients that do not send one). */
  userId: string | null;
  name: string;
  role: string | null;
  colour: string;
  /** What the person is editing right now, e.g. `status-draft`, `timeline`. */
  editing: string | null;
  self: boolean;
}

export type HostEvent =
  | { type: 'room-status'; status: RoomStatus }
  | { type: 'presence'; roomId: string; peers: PresencePeer[] }
  | { type: 'rooms-changed' }
  /** The host is about to exit (desktop app quitting); the renderer stops talking to it. */
  | { type: 'host-closing' };
