import type { EntryKind } from './enums';
import type { Author, EntryRef, EntryRevision, Person, Stamp } from './types';

/**
 * Format 2's timeline (`timelineLog`): an append-only Y.Array of plain objects. Each is one Yjs
 * item, written once and never changed, where format 1 spent a Y.Map of thirteen keys and a
 * revisions array per entry (about eight items, and a read of each key to show it). An entry is
 * an `EntryRecord`; a correction, a pin or a deletion is an `EntryChange` naming the entry by id,
 * applied in array order (the last change of a field wins, deterministically on every replica,
 * as the last write to a Y.Map key did). docs/FORMAT.md documents both.
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
