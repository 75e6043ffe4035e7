import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { readRoom } from '../../shared/read';

/**
 * A content digest of a room: SHA-256 of `readRoom` (at a fixed `now`, so time-derived fields
 * agree) and of every top-level Yjs type's raw JSON, with object keys sorted. Two replicas with
 * the same digest show the same room and hold the same raw data.
 */
export function roomDigest(doc: Y.Doc): string {
  const view = readRoom(doc, { now: 0 });
  const raw: Record<string, unknown> = {};
  for (const [name, type] of doc.share) raw[name] = type.toJSON();
  return createHash('sha256').update(stableJson({ view, raw })).digest('hex');
}

export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(
      Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  });
}
