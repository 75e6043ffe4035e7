import { CloseCode } from '../../../shared/protocol/close-codes';

/**
 * How this machine's copy of a room relates to the relay, stated honestly. Field names match the
 * renderer channel's `RoomStatus` (shared/channel/host-events.ts) so the host can pass it through.
 */
export type ConnectionState = 'local-only' | 'live' | 'connecting' | 'offline' | 'refused';

export interface HostRoomStatus {
  /** The host's local id of the room. */
  roomId: string;
  connection: ConnectionState;
  /** ISO time the host lost (or first failed to reach) the relay; null while live. */
  offlineSince: string | null;
  /** Local changes the relay has not confirmed storing yet (derived from state vectors). */
  pendingToRelay: number;
  /** This machine's clock minus the relay's clock, in ms; 0 until measured. */
  clockOffsetMs: number;
  /** Why the relay refused us, when connection is `refused`. */
  refusal: string | null;
  /** ISO time of the relay's last confirmation. */
  lastConfirmedAt: string | null;
  /** Set when a change could not be written to disk: it is in memory only. */
  saveError: string | null;
}

const REFUSALS: Record<number, string> = {
  [CloseCode.KeyMissing]: 'The relay needs a room key and none was given.',
  [CloseCode.KeyRejected]: 'The relay rejected the room key. Ask for a fresh invite.',
  [CloseCode.RoomNotFound]: 'The room does not exist on this relay.',
  [CloseCode.MalformedMessage]: 'The relay could not read a message from this app. Update the app.',
  [CloseCode.MessageTooLarge]: 'A change was larger than the relay accepts.',
  [CloseCode.RateLimited]: 'This app sent changes faster than the relay allows.',
  [CloseCode.IdleTimeout]: 'The relay closed the connection because it was silent.',
};

export function describeRefusal(code: number, reason: string): string {
  const known = REFUSALS[code];
  const detail = reason ? ` (${reason})` : '';
  return `${known ?? `The relay refused the connection with code ${code}.`}${detail}`;
}
