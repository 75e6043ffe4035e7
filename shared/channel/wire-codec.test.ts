import { describe, expect, it } from 'vitest';
import { ChannelDecodeError, decodeFromWire, encodeForWire } from './wire-codec';
import type { ChannelMessage } from './messages';

describe('channel wire codec', () => {
  it('round-trips every kind of message', () => {
    const messages: ChannelMessage[] = [
      { kind: 'request', id: 1, method: 'rooms.list', params: {} },
      { kind: 'response', id: 1, ok: true, result: [{ id: 'r1' }] },
      { kind: 'response', id: 2, ok: false, error: { code: 'x', message: 'no' } },
      { kind: 'event', event: { type: 'rooms-changed' } },
      { kind: 'doc', roomId: 'room-1', frame: 'sync', data: new Uint8Array([0, 1, 2, 255]) },
      { kind: 'doc', roomId: 'room-1', frame: 'saved', data: new Uint8Array([]) },
    ];
    for (const message of messages) {
      expect(decodeFromWire(encodeForWire(message))).toEqual(message);
    }
  });

  it('sends doc frames as binary and the rest as text', () => {
    expect(
      encodeForWire({ kind: 'doc', roomId: 'a', frame: 'sync', data: new Uint8Array(1) }),
    ).toBeInstanceOf(Uint8Array);
    expect(typeof encodeForWire({ kind: 'request', id: 1, method: 'm', params: null })).toBe(
      'string',
    );
  });

  it.each([
    ['not JSON', '{nope'],
    ['unknown kind', JSON.stringify({ kind: 'shout', id: 1 })],
    ['negative id', JSON.stringify({ kind: 'request', id: -1, method: 'x', params: {} })],
    ['response without error', JSON.stringify({ kind: 'response', id: 1, ok: false })],
  ])('refuses a bad text frame: %s', (_label, text) => {
    expect(() => decodeFromWire(text)).toThrow(ChannelDecodeError);
  });

  it('says which field of a bad text frame is wrong, in one line', () => {
    expect(() => decodeFromWire(JSON.stringify({ kind: 'shout', id: 1 }))).toThrow(
      /^bad channel message: kind: expected one of "request", /,
    );
    expect(() =>
      decodeFromWire(JSON.stringify({ kind: 'request', id: -1, method: 'x', params: {} })),
    ).toThrow('bad channel message: id: must be at least 0');
  });

  it.each([
    ['empty', new Uint8Array([])],
    ['unknown frame type', new Uint8Array([9, 1, 97, 0])],
    [
      'truncated',
      encodeForWire({ kind: 'doc', roomId: 'abc', frame: 'sync', data: new Uint8Array(50) }).slice(
        0,
        10,
      ),
    ],
    ['trailing bytes', new Uint8Array([0, 1, 97, 0, 7])],
    ['empty room id', new Uint8Array([0, 0, 0])],
  ])('refuses a bad binary frame: %s', (_label, bytes) => {
    expect(() => decodeFromWire(bytes as Uint8Array)).toThrow(ChannelDecodeError);
  });
});
