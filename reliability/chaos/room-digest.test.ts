import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { declaredTestRoom } from '../../shared/fixtures';
import { logEntry, setStatusDraft } from '../../shared/ops';
import { roomDigest, stableJson } from './room-digest';

describe('roomDigest (what the chaos run compares)', () => {
  it('is equal for replicas that received the same updates in any order', () => {
    const { doc, scribe: ctx } = declaredTestRoom();
    const a = new Y.Doc();
    const b = new Y.Doc();
    const updates: Uint8Array[] = [Y.encodeStateAsUpdate(doc)];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    logEntry(doc, ctx, { text: 'first' });
    setStatusDraft(doc, ctx, { text: 'We are investigating.' });
    logEntry(doc, ctx, { text: 'second' });
    for (const update of updates) Y.applyUpdate(a, update);
    for (const update of [...updates].reverse()) Y.applyUpdate(b, update);
    expect(roomDigest(a)).toBe(roomDigest(doc));
    expect(roomDigest(b)).toBe(roomDigest(doc));
  });

  it('differs when one word differs, or an entry is missing', () => {
    const { doc, scribe: ctx, ops } = declaredTestRoom();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(roomDigest(copy)).toBe(roomDigest(doc));
    logEntry(doc, ops, { text: 'one more entry' });
    expect(roomDigest(copy)).not.toBe(roomDigest(doc));
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(roomDigest(copy)).toBe(roomDigest(doc));
    setStatusDraft(doc, ctx, { text: 'draft A' });
    setStatusDraft(copy, ctx, { text: 'draft B' });
    expect(roomDigest(copy)).not.toBe(roomDigest(doc));
  });

  it('sorts object keys, so insertion order of keys does not matter', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(
      stableJson({ a: { c: [3, { e: 5, f: 4 }], d: 2 }, b: 1 }),
    );
  });
});
