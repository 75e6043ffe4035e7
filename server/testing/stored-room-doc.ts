import * as Y from 'yjs';

/** A room as a store hands it back: apply the snapshot, then the updates, in order. */
export interface StoredRoomParts {
  readonly snapshot: Uint8Array | null;
  readonly updates: readonly Uint8Array[];
}

/** The document a store's state makes (to compare stores and replicas in tests). */
export function docFromStored(state: StoredRoomParts): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const update of state.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

/** `Y.encodeStateAsUpdate` of that document: equal bytes mean equal rooms. */
export function encodedStored(state: StoredRoomParts): Uint8Array {
  return Y.encodeStateAsUpdate(docFromStored(state));
}

/** Sets `key` in the doc's `meta` map and returns the Yjs update that change made. */
export function setMetaKey(doc: Y.Doc, key: string, value: string): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (made: Uint8Array): void => {
    update = made;
  };
  doc.once('update', capture);
  doc.getMap('meta').set(key, value);
  if (!update) throw new Error(`setting ${key} made no update (it already had that value)`);
  return update;
}
