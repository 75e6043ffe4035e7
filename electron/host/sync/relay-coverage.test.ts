import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isCoveredByRelay, isDeleteOnly } from './relay-coverage';

function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return updates;
}

describe('isCoveredByRelay', () => {
  it('covers inserts once the relay state vector reaches past their clocks', () => {
    const doc = new Y.Doc();
    const updates = recordUpdates(doc);
    doc.getArray<string>('timeline').push(['a']);
    const afterFirst = Y.decodeStateVector(Y.encodeStateVector(doc));
    doc.getArray<string>('timeline').push(['b']);
    const [first, second] = updates as [Uint8Array, Uint8Array];
    expect(isCoveredByRelay(first, { stateVector: afterFirst, deleteSet: null })).toBe(true);
    expect(isCoveredByRelay(second, { stateVector: afterFirst, deleteSet: null })).toBe(false);
    expect(isCoveredByRelay(second, { stateVector: new Map(), deleteSet: null })).toBe(false);
  });

  it('covers a delete-only update only through a delete set that contains it', () => {
    const doc = new Y.Doc();
    doc.getArray<string>('timeline').push(['a', 'b']);
    const relay = new Y.Doc();
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(doc));
    const updates = recordUpdates(doc);
    doc.getArray('timeline').delete(0, 1);
    const [deletion] = updates as [Uint8Array];
    expect(isDeleteOnly(deletion)).toBe(true);
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(relay));
    // The state vector alone says nothing about deletes.
    expect(isCoveredByRelay(deletion, { stateVector, deleteSet: null })).toBe(false);
    const relayBefore = Y.decodeUpdate(Y.encodeStateAsUpdate(relay)).ds;
    expect(isCoveredByRelay(deletion, { stateVector, deleteSet: relayBefore })).toBe(false);
    Y.applyUpdate(relay, deletion);
    const relayAfter = Y.decodeUpdate(Y.encodeStateAsUpdate(relay, Y.encodeStateVector(doc))).ds;
    expect(isCoveredByRelay(deletion, { stateVector, deleteSet: relayAfter })).toBe(true);
  });
});
