import { decodeUtf8, encodeUtf8 } from 'lib0/string';
import type { EntryKind } from './enums';
import type { Author, EntryRef, EntryRevision, Person, Stamp } from './types';

/**
 * Format 2's timeline. Each entry is one record, written once and never changed, in the map
 * `timelineEntries` under its id; a correction, a pin or a deletion is an `EntryChange` naming
 * the entry, appended to the array `timelineChanges` and applied in array order (the last change
 * of a field wins, deterministically on every replica, as the last write to a Y.Map key did).
 * Format 1 spent a Y.Map of thirteen keys and a revisions array per entry (fourteen Yjs items)
 * and a read of each key to show it.
 *
 * Records are stored as UTF-8 JSON bytes (`encodeTimelineRecord`), not as plain Yjs values:
 * - Yjs merges neighbouring plain values one client wrote into one item by copying the whole
 *   run on every merge, so replaying a log of 10,000 one-entry updates took 1.3 s (100,000:
 *   minutes); bytes are never merged;
 * - bytes are copied, not parsed, when a document is loaded; readers parse the records they
 *   read, once each (`decodeTimelineRecord` keeps what it parsed).
 * Entries live in a map, not an array, because Yjs finds an array's end by walking back over
 * every neighbouring item of one writer, which made appending cost the room's length.
 * docs/FORMAT.md documents both.
 */
export interface EntryRecord {
  readonly type: 'entry';
  readonly id: string;
  /** When it happened (instant). A correction to it is an `EntryChange`, not a new record. */
  readonly at: string;
  readonly recordedAt: string;
  readonly recorder: Person;
  readonly author: Author;
  readonly kind: EntryKind;
  readonly text: string;
  readonly clockOffsetMs: number | null;
  readonly offline: boolean;
  readonly ref: EntryRef | null;
  /**
   * Only on an entry migrated from format 1: its state there, so the migration keeps every pin,
   * tombstone and revision. Entries written as records start unpinned, alive, unrevised.
   */
  readonly migrated?: MigratedState;
}

export interface MigratedState {
  readonly pin: Stamp | null;
  readonly deleted: Stamp | null;
  readonly revisions: readonly EntryRevision[];
}

export type EntryChange =
  /** A correction of one field; kept as a revision, so a losing concurrent edit stays readable. */
  | {
      readonly type: 'edit';
      readonly entryId: string;
      readonly field: EntryRevision['field'];
      readonly from: string;
      readonly to: string;
      readonly by: Person;
      readonly at: string;
    }
  | {
      readonly type: 'pin';
      readonly entryId: string;
      readonly pinned: boolean;
      readonly by: Person;
      readonly at: string;
    }
  /** An attributed tombstone: views hide the entry; its words stay in the document. */
  | { readonly type: 'delete'; readonly entryId: string; readonly by: Person; readonly at: string };

export type TimelineRecord = EntryRecord | EntryChange;

/** The entry a record is about (its own id for an entry record), or null for anything else. */
export function recordEntryId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as { type?: unknown; id?: unknown; entryId?: unknown };
  if (record.type === 'entry') return typeof record.id === 'string' ? record.id : null;
  if (record.type === 'edit' || record.type === 'pin' || record.type === 'delete') {
    return typeof record.entryId === 'string' ? record.entryId : null;
  }
  return null;
}

/** A record as `timelineEntries` and `timelineChanges` hold it. */
export function encodeTimelineRecord(record: TimelineRecord): Uint8Array {
  // Copied into this realm's Uint8Array: Yjs stores bytes only when their constructor is the
  // Uint8Array it sees, and in a test's DOM (jsdom) the text encoder's bytes come from another.
  return new Uint8Array(encodeUtf8(JSON.stringify(record)));
}

/** What was parsed of each stored record: the document hands back the same bytes each read. */
const parsed = new WeakMap<Uint8Array, unknown>();

/**
 * The value a stored record holds (unchecked: pass it to the readers' shape checks), or null
 * when it is not one (not bytes, not JSON). Parsed once per stored value.
 */
export function decodeTimelineRecord(stored: unknown): unknown {
  if (!isBytes(stored)) return null;
  if (parsed.has(stored)) return parsed.get(stored);
  let value: unknown = null;
  try {
    value = JSON.parse(decodeUtf8(stored)) as unknown;
  } catch {
    // Not a record (not UTF-8, not JSON): a misbehaving peer's bytes. Read as nothing.
  }
  parsed.set(stored, value);
  return value;
}

/**
 * Whether a value is a Uint8Array, from any realm: in a test's DOM (jsdom) the bytes Yjs and the
 * text encoder make are not instances of the page's own Uint8Array.
 */
function isBytes(value: unknown): value is Uint8Array {
  return Object.prototype.toString.call(value) === '[object Uint8Array]';
}
