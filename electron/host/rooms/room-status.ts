import { CloseCode } from '../../../shared/protocol/close-codes';
import {
  describeProtocolMismatch,
  parseProtocolMismatchReason,
} from '../../../shared/protocol/protocol-version';
import type { RoomStatus } from '../../../shared/channel/host-events';
import type { LinkState } from '../sync/relay-connection';

const REFUSALS: Record<number, string> = {
  [CloseCode.KeyMissing]: 'The relay needs a room key and none was given.',
  [CloseCode.KeyRejected]: 'The relay rejected the room key. Ask for a fresh invite.',
  [CloseCode.RoomNotFound]: 'The room does not exist on this relay.',
  [CloseCode.MalformedMessage]: 'The relay could not read a message from this app. Update the app.',
  [CloseCode.MessageTooLarge]: 'A change was larger than the relay accepts.',
  [CloseCode.RateLimited]: 'This app sent changes faster than the relay allows.',
  [CloseCode.IdleTimeout]: 'The relay closed the connection because it was silent.',
  [CloseCode.ProtocolMismatch]: 'This relay speaks another protocol version than this app.',
};

/** A person-readable sentence for a relay's close code (the UI and the CLI both show it). */
export function describeRefusal(code: number, reason: string): string {
  if (code === CloseCode.ProtocolMismatch) {
    // The reason names both versions, which is what tells the person which side to update.
    const mismatch = parseProtocolMismatchReason(reason);
    if (mismatch) return describeProtocolMismatch(mismatch);
  }
  const known = REFUSALS[code];
  const detail = reason ? ` (${reason})` : '';
  return `${known ?? `The relay refused the connection with code ${code}.`}${detail}`;
}

/** The part of a room's status that follows from its relay link (null: a local-only room). */
export function linkStatus(
  link: LinkState | null,
): Pick<RoomStatus, 'connection' | 'offlineSince' | 'refusal'> {
  const quiet = { offlineSince: null, refusal: null };
  if (link === null) return { connection: 'local-only', ...quiet };
  switch (link.kind) {
    case 'live':
      return { connection: 'live', ...quiet };
    case 'connecting':
      // Reconnecting after a restart while the relay was away still counts as offline since then.
      return {
        connection: 'connecting',
        offlineSince: link.offlineSince === null ? null : new Date(link.offlineSince).toISOString(),
        refusal: null,
      };
    case 'offline':
      return {
        connection: 'offline',
        offlineSince: new Date(link.since).toISOString(),
        refusal: null,
      };
    case 'refused':
      return {
        connection: 'refused',
        offlineSince: null,
        refusal: describeRefusal(link.code, link.reason),
      };
    case 'stopped':
      return { connection: 'offline', ...quiet };
  }
}
