import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { spliceText } from './text-splice';

function textOf(initial: string): Y.Text {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  return text;
}

describe('spliceText', () => {
  it('turns any text into any other text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (from, to) => {
        const text = textOf(from);
        spliceText(text, to);
        expect(text.toJSON()).toBe(to);
      }),
      { numRuns: 300 },
    );
  });

  it('touches only the changed span, so a concurrent edit elsewhere survives', () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'Impact: checkout. Next update 03:15.');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    spliceText(a.getText('t'), 'Impact: checkout in EU. Next update 03:15.');
    spliceText(b.getText('t'), 'Impact: checkout. Next update 03:30.');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(a.getText('t').toJSON()).toBe('Impact: checkout in EU. Next update 03:30.');
  });

  it('never splits a surrogate pair', () => {
    const text = textOf('fire 🔥 now');
    spliceText(text, 'fire 😀 now');
    expect(text.toJSON()).toBe('fire 😀 now');
    expect(spliceText(text, 'fire 😀 now')).toBe(false);
  });
});
