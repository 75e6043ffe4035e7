import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { decodeClientMessage, MalformedMessageError } from './decode-client-message';
import {
  awarenessFrame,
  awarenessUpdate,
  lineUpdate,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
} from '../testing/raw-relay-socket';

describe('decodeClientMessage', () => {
  it('decodes the messages a stock y-websocket client sends', () => {
    const doc = new Y.Doc();
    const update = lineUpdate('hello', doc);
    expect(decodeClientMessage(syncStep1Frame(doc))).toMatchObject({ type: 'sync-step-1' });
    expect(decodeClientMessage(syncStep2Frame(update))).toEqual({ type: 'sync-step-2', update });
    expect(decodeClientMessage(updateFrame(update))).toEqual({ type: 'sync-update', update });
    expect(
      decodeClientMessage(awarenessFrame(awarenessUpdate(5, 1, { name: 'Iris' }))),
    ).toMatchObject({
      type: 'awareness',
    });
    expect(decodeClientMessage(Uint8Array.from([3]))).toEqual({ type: 'query-awareness' });
  });

  it('refuses every truncation of a valid frame', () => {
    const withContent = new Y.Doc();
    withContent.getText('t').insert(0, 'some text');
    const frames = [
      updateFrame(lineUpdate('a line long enough to cut in many places')),
      awarenessFrame(awarenessUpdate(77, 3, { name: 'Omar', cursor: { index: 4 } })),
      syncStep1Frame(withContent),
    ];
    for (const frame of frames) {
      for (let length = 0; length < frame.length; length++) {
        expect(() => decodeClientMessage(frame.subarray(0, length)), `length ${length}`).toThrow(
          MalformedMessageError,
        );
      }
    }
  });

  it('throws only MalformedMessageError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeClientMessage(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedMessageError);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('throws only MalformedMessageError on mutated valid frames', () => {
    const base = updateFrame(lineUpdate('mutate me'));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (mutations) => {
          const frame = Uint8Array.from(base);
          for (const [index, value] of mutations) frame[index] = value;
          try {
            decodeClientMessage(frame);
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedMessageError);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
