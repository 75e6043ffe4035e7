import * as Y from 'yjs';
import { ENTRY_KINDS, isOneOf } from '../doc/enums';
import { asAuthor, asIso, asPerson, asStamp, asString, isRecord } from '../doc/shapes';
import type { EntryChange } from '../doc/timeline-records';
import type { EntryRef, EntryRevision, Stamp } from '../doc/types';
import type { TimelineEntryView } from './types';

/**
 * An entry as the document holds it, tombstone included: what the migration copies, what
 * changes apply to, and (when not deleted) what a view shows.
 */
export interface EntryState extends TimelineEntryView {
  deleted: Stamp | null;
}

/** The fields every entry has, in both formats, checked; null when one does not fit. */
function readCommon(
  get: (key: string) => unknown,
): Omit<EntryState, 'pinned' | 'deleted' | 'revisions'> | null {
  const id = asString(get('id'));
  const at = asIso(get('at'));
  const recordedAt = asIso(get('recordedAt'));
  const recorder = asPerson(get('recorder'));
  const author = asAuthor(get('author'));
  const kind = get('kind');
  const text = asString(get('text'));
  if (!id || !at || !recordedAt || !recorder || !author || !isOneOf(ENTRY_KINDS, kind)) return null;
  if (text === null) return null;
  const offset = get('clockOffsetMs');
  return {
    id,
    at,
    recordedAt,
    recorder,
    author,
    kind,
    text,
    clockOffsetMs: typeof offset === 'number' ? offset : null,
    offline: get('offline') === true,
    ref: asEntryRef(get('ref')),
  };
}

/**
 * A format-1 entry (a Y.Map in `timeline`), tombstone included; null when it does not fit the
 * format (written by a misbehaving peer). A deletion mark that is not a stamp still hides the
 * entry, as format 1's readers always did: such an entry reads as nothing.
 */
export function readMapEntry(item: unknown): EntryState | null {
  if (!(item instanceof Y.Map)) return null;
  const map = item as Y.Map<unknown>;
  const common = readCommon((key) => map.get(key));
  if (!common) return null;
  const deletedMark = map.get('deleted');
  const deleted = asStamp(deletedMark);
  if (deletedMark && !deleted) return null;
  return {
    ...common,
    pinned: asStamp(map.get('pin')),
    deleted,
    revisions: readRevisions(map.get('revisions')),
  };
}

/** What each record read as: records never change, so neither does what they read as. */
const recordStates = new WeakMap<object, EntryState | null>();

/**
 * A format-2 entry record (see timeline-records.ts) as its state before any change; or null.
 * Read once per record (a record is immutable): the same object each time.
 */
export function readEntryRecord(item: unknown): EntryState | null {
  if (!isRecord(item) || item.type !== 'entry') return null;
  const known = recordStates.get(item);
  if (known !== undefined) return known;
  const state = readRecordFields(item);
  recordStates.set(item, state);
  return state;
}

function readRecordFields(item: Record<string, unknown>): EntryState | null {
  const common = readCommon((key) => item[key]);
  if (!common) return null;
  const migrated = isRecord(item.migrated) ? item.migrated : null;
  const deleted = migrated ? asStamp(migrated.deleted) : null;
  if (migrated?.deleted && !deleted) return null;
  // One literal, no spread: copying a parsed record's keys cost 2-3 us each, a third of a read.
  return {
    id: common.id,
    at: common.at,
    recordedAt: common.recordedAt,
    recorder: common.recorder,
    author: common.author,
    kind: common.kind,
    text: common.text,
    pinned: migrated ? asStamp(migrated.pin) : null,
    clockOffsetMs: common.clockOffsetMs,
    offline: common.offline,
    ref: common.ref,
    revisions: migrated ? readRevisions(migrated.revisions) : [],
    deleted,
  };
}

/** A format-2 change record, or null when the value is not one (or does not fit). */
export function readEntryChange(item: unknown): EntryChange | null {
  if (!isRecord(item)) return null;
  const { type, entryId } = item;
  if (typeof entryId !== 'string') return null;
  const stamp = asStamp(item);
  if (!stamp) return null;
  if (type === 'delete') return { type, entryId, ...stamp };
  if (type === 'pin') {
    return typeof item.pinned === 'boolean'
      ? { type, entryId, pinned: item.pinned, ...stamp }
      : null;
  }
  if (type !== 'edit') return null;
  const revision = asRevision(item);
  return revision ? { type, entryId, ...revision } : null;
}

/**
 * The entry after `changes`, in the order given (array order): a new object; `base` and its
 * revisions are not modified, so a reader may keep them.
 */
export function applyEntryChanges(base: EntryState, changes: readonly EntryChange[]): EntryState {
  if (changes.length === 0) return base;
  const entry: EntryState = { ...base, revisions: [...base.revisions] };
  for (const change of changes) {
    const stamp = { by: change.by, at: change.at };
    if (change.type === 'delete') entry.deleted = stamp;
    else if (change.type === 'pin') entry.pinned = change.pinned ? stamp : null;
    else {
      if (change.field === 'kind') {
        if (!isOneOf(ENTRY_KINDS, change.to)) continue;
        entry.kind = change.to;
      } else if (change.field === 'at') {
        if (!asIso(change.to)) continue;
        entry.at = change.to;
      } else entry.text = change.to;
      entry.revisions.push({
        field: change.field,
        from: change.from,
        to: change.to,
        ...stamp,
      });
    }
  }
  return entry;
}

const views = new WeakMap<EntryState, TimelineEntryView>();

/**
 * What a view shows of an entry: nothing once it is deleted. The same view object for the same
 * state, so an entry nothing changed keeps its identity from one read to the next.
 */
export function entryView(entry: EntryState): TimelineEntryView | null {
  if (entry.deleted) return null;
  let view = views.get(entry);
  if (!view) {
    view = {
      id: entry.id,
      at: entry.at,
      recordedAt: entry.recordedAt,
      recorder: entry.recorder,
      author: entry.author,
      kind: entry.kind,
      text: entry.text,
      pinned: entry.pinned,
      clockOffsetMs: entry.clockOffsetMs,
      offline: entry.offline,
      ref: entry.ref,
      revisions: entry.revisions,
    };
    views.set(entry, view);
  }
  return view;
}

function asEntryRef(value: unknown): EntryRef | null {
  // Refs are written only by operations; a shallow check is enough for views to branch on `type`.
  return isRecord(value) && typeof value.type === 'string' ? (value as unknown as EntryRef) : null;
}

function asRevision(value: unknown): EntryRevision | null {
  const stamp = asStamp(value);
  if (!stamp || !isRecord(value)) return null;
  const { field, from, to } = value;
  if (
    (field === 'text' || field === 'at' || field === 'kind') &&
    typeof from === 'string' &&
    typeof to === 'string'
  ) {
    return { field, from, to, ...stamp };
  }
  return null;
}

function readRevisions(value: unknown): EntryRevision[] {
  const items = value instanceof Y.Array ? (value as Y.Array<unknown>).toArray() : value;
  if (!Array.isArray(items)) return [];
  const revisions: EntryRevision[] = [];
  for (const item of items) {
    const revision = asRevision(item);
    if (revision) revisions.push(revision);
  }
  return revisions;
}
