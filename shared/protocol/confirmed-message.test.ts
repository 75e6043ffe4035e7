import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeConfirmedMessage, encodeConfirmedMessage } from './confirmed-message';
import { MESSAGE_CONFIRMED, MESSAGE_SYNC } from './relay-protocol';

describe('confirmed message', () => {
  it('round-trips a state vector', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'stored');
    const stateVector = Y.encodeStateVector(doc);
    const frame = encodeConfirmedMessage(stateVector);
    expect(frame[0]).toBe(MESSAGE_CONFIRMED);
    expect(decodeConfirmedMessage(frame)).toEqual(stateVector);
  });

  it('is null for other message types and throws on a cut-off frame', () => {
    expect(decodeConfirmedMessage(Uint8Array.from([MESSAGE_SYNC, 0, 0]))).toBeNull();
    expect(() => decodeConfirmedMessage(Uint8Array.from([MESSAGE_CONFIRMED, 5, 1]))).toThrow();
  });
});
