import * as Y from 'yjs';
import { ENTRY_KINDS, isOneOf } from '../doc/enums';
import { asAuthor, asIso, asPerson, asStamp, asString, isRecord } from '../doc/shapes';
import type { EntryRef, EntryRevision } from '../doc/types';
import type { TimelineEntryView } from './types';

/**
 * One item of the timeline array as a view, or null when it is deleted or does not fit the
 * format (written by a misbehaving peer). Depends on nothing but the item, so a reader may keep
 * the result until the item itself changes.
 */
export function readTimelineEntry(item: unknown): TimelineEntryView | null {
  if (!(item instanceof Y.Map)) return null;
  const map = item as Y.Map<unknown>;
  if (map.get('deleted')) return null;
  const id = asString(map.get('id'));
  const at = asIso(map.get('at'));
  const recordedAt = asIso(map.get('recordedAt'));
  const recorder = asPerson(map.get('recorder'));
  const author = asAuthor(map.get('author'));
  const kind = map.get('kind');
  const text = asString(map.get('text'));
  if (
    !id ||
    !at ||
    !recordedAt ||
    !recorder ||
    !author ||
    !isOneOf(ENTRY_KINDS, kind) ||
    text === null
  )
    return null;
  const offset = map.get('clockOffsetMs');
  return {
    id,
    at,
    recordedAt,
    recorder,
    author,
    kind,
    text,
    pinned: asStamp(map.get('pin')),
    clockOffsetMs: typeof offset === 'number' ? offset : null,
    offline: map.get('offline') === true,
    ref: asEntryRef(map.get('ref')),
    revisions: readRevisions(map.get('revisions')),
  };
}

function asEntryRef(value: unknown): EntryRef | null {
  // Refs are written only by operations; a shallow check is enough for views to branch on `type`.
  return isRecord(value) && typeof value.type === 'string' ? (value as unknown as EntryRef) : null;
}

function readRevisions(value: unknown): EntryRevision[] {
  if (!(value instanceof Y.Array)) return [];
  const revisions: EntryRevision[] = [];
  for (const item of value as Y.Array<unknown>) {
    const stamp = asStamp(item);
    if (!stamp || !isRecord(item)) continue;
    const { field, from, to } = item;
    if (
      (field === 'text' || field === 'at' || field === 'kind') &&
      typeof from === 'string' &&
      typeof to === 'string'
    ) {
      revisions.push({ field, from, to, ...stamp });
    }
  }
  return revisions;
}
