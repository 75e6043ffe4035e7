import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import {
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
} from '../../shared/protocol/relay-protocol';

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** Everything a client may send the relay, fully decoded and checked. */
export type ClientMessage =
  | { readonly type: 'sync-step-1'; readonly stateVector: Uint8Array }
  | { readonly type: 'sync-step-2'; readonly update: Uint8Array }
  | { readonly type: 'sync-update'; readonly update: Uint8Array }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'query-awareness' };

export class MalformedMessageError extends Error {}

/**
 * Decodes one client frame completely before anything acts on it: every length is checked,
 * trailing bytes are refused, document updates are parsed to the end (Y.decodeUpdate) and
 * presence entries are parsed as JSON. A frame that passes cannot fail half-way through being
 * applied, so a bad frame changes nothing.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    return decodeOrThrow(frame);
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError(
      `undecodable frame: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function decodeOrThrow(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  const messageType = decoding.readVarUint(decoder);
  let message: ClientMessage;
  switch (messageType) {
    case MESSAGE_SYNC: {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === SYNC_STEP_1) {
        Y.decodeStateVector(payload);
        message = { type: 'sync-step-1', stateVector: payload };
      } else if (syncType === SYNC_STEP_2 || syncType === SYNC_UPDATE) {
        Y.decodeUpdate(payload);
        message = {
          type: syncType === SYNC_STEP_2 ? 'sync-step-2' : 'sync-update',
          update: payload,
        };
      } else {
        throw new MalformedMessageError(`unknown sync message type ${syncType}`);
      }
      break;
    }
    case MESSAGE_AWARENESS: {
      const update = decoding.readVarUint8Array(decoder);
      checkAwarenessUpdate(update);
      message = { type: 'awareness', update };
      break;
    }
    case MESSAGE_QUERY_AWARENESS:
      message = { type: 'query-awareness' };
      break;
    default:
      throw new MalformedMessageError(`unknown message type ${messageType}`);
  }
  if (decoding.hasContent(decoder)) {
    throw new MalformedMessageError('trailing bytes after the message');
  }
  return message;
}

/** Mirrors y-protocols' awareness encoding: count, then (client, clock, JSON state) entries. */
function checkAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const entries = decoding.readVarUint(decoder);
  for (let i = 0; i < entries; i++) {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    JSON.parse(decoding.readVarString(decoder));
  }
  if (decoding.hasContent(decoder)) {
    throw new MalformedMessageError('trailing bytes after the awareness update');
  }
}
