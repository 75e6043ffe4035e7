import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE_CONFIRMED } from './relay-protocol';

/** `varUint(MESSAGE_CONFIRMED) · varUint8Array(stateVector)`: what the relay has stored. */
export function encodeConfirmedMessage(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_CONFIRMED);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** The state vector of a MESSAGE_CONFIRMED frame, or null when the frame is another message. */
export function decodeConfirmedMessage(frame: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MESSAGE_CONFIRMED) return null;
  return decoding.readVarUint8Array(decoder);
}
