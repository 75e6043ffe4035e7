/** Events the host pushes to renderers without being asked, and the status types they carry. */
import type { Profile } from './host-api';

/** How the room's copy on this machine relates to the relay, stated honestly. */
export type ConnectionState = 'local-only' | 'live' | 'connecting' | 'offline' | 'refused';

/** One room's status: the host builds it, the renderer shows it; one type for both sides. */
export interface RoomStatus {
  /** The host's local id of the room (stable when a local-only room is later published). */
  roomId: string;
  connection: ConnectionState;
  /** ISO time the host lost (or first failed to reach) the relay; null while live or local-only. */
  offlineSince: string | null;
  /** Local changes the relay has not confirmed storing yet (derived from state vectors). */
  pendingToRelay: number;
  /** This machine's clock minus the relay's clock, in ms; 0 until measured. */
  clockOffsetMs: number;
  /** Why the relay refused us (bad key, room gone), when connection is `refused`. */
  refusal: string | null;
  /**
   * ISO time of the relay's last confirmation of what this machine stored; null before the first.
   * Lets a window say how fresh "everything is on the relay" is, e.g. while offline.
   */
  lastConfirmedAt: string | null;
  /** Set when a change could not be written to this machine's disk: it is in memory only. */
  saveError: string | null;
}

/** What a person shows to the others in the room (y-protocols awareness, field `user`). */
export interface Presence {
  /** Stable profile id, so others can hand them a role by identity; null if their client sends none. */
  userId: string | null;
  name: string;
  /** Incident role: ic, ops, comms, scribe, or null when they only watch. */
  role: string | null;
  /** CSS colour of their cursor and avatar. */
  colour: string;
  /** What they are editing right now, e.g. `status-draft` or `timeline:<entry id>`. */
  editing: string | null;
}

/** A person in the room as one window sees them: their awareness client and whether it is us. */
export interface PresencePeer extends Presence {
  clientId: number;
  self: boolean;
}

export type HostEvent =
  | { type: 'room-status'; status: RoomStatus }
  | { type: 'presence'; roomId: string; peers: PresencePeer[] }
  | { type: 'rooms-changed' }
  /** The team room list or its settings changed (windows fetch it again with `team.rooms`). */
  | { type: 'team-rooms-changed' }
  /** The person was named or renamed (from any window): every window acts under the new name. */
  | { type: 'profile-changed'; profile: Profile }
  /** The host is about to exit (desktop app quitting); the renderer stops talking to it. */
  | { type: 'host-closing' };
