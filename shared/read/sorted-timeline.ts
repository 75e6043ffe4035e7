import * as Y from 'yjs';
import { readTimelineEntry } from './timeline-entry';
import { compareKeyed, toKeyed, type KeyedEntry } from './timeline-order';
import type { TimelineEntryView } from './types';

interface EntryRecord extends KeyedEntry<TimelineEntryView> {
  /** Its item was removed from the array or changed since; dropped at the next read. */
  stale: boolean;
}

/** Above this many new entries one linear merge beats inserting each by binary search. */
const MERGE_THRESHOLD = 32;

/**
 * The visible timeline in timeline order, kept up to date from what changed instead of re-read
 * and re-sorted whole. `observeDeep` events say which items were inserted, removed, or changed
 * inside; only those are read, every other item keeps its view object, and the new views are
 * inserted into the previous order. No pass over the Y.Array, no full sort. The result is always
 * what `sortTimeline(readTimelineItems(...))` gives for the same array (a property test holds it).
 */
export class SortedTimeline {
  /** Each Y item's current record; null when the item reads as nothing (deleted, malformed). */
  private records = new WeakMap<object, EntryRecord | null>();
  private sorted: EntryRecord[] = [];
  /** Items inserted, removed, or changed inside since the last read. */
  private readonly changed = new Set<Y.AbstractType<unknown>>();
  private readonly removed = new Set<Y.AbstractType<unknown>>();
  private rebuild = true;

  constructor(private readonly timeline: Y.Array<unknown>) {}

  /**
   * Notes what the events of one transaction (from `observeDeep` on the timeline array) changed.
   * Must run inside the observer: Yjs computes `changes` from the transaction.
   */
  noteChanges(events: ReadonlyArray<Y.YEvent<Y.AbstractType<unknown>>>): void {
    for (const event of events) {
      if (event.target === this.timeline) {
        const { added, deleted } = event.changes;
        for (const struct of added) {
          const type = typeOf(struct);
          if (type) this.changed.add(type);
        }
        for (const struct of deleted) {
          const type = typeOf(struct);
          if (type) this.removed.add(type);
        }
        continue;
      }
      let item: Y.AbstractType<unknown> | null = event.target;
      while (item && item.parent !== this.timeline) item = item.parent;
      if (item) this.changed.add(item);
      else this.rebuild = true;
    }
  }

  entries(): TimelineEntryView[] {
    if (this.rebuild) {
      this.rebuild = false;
      this.changed.clear();
      this.removed.clear();
      this.records = new WeakMap();
      this.sorted = this.sortAll();
      return this.sorted.map((record) => record.entry);
    }
    const fresh: EntryRecord[] = [];
    for (const item of this.removed) this.forget(item);
    for (const item of this.changed) {
      this.forget(item);
      if (!this.removed.has(item)) this.read(item, fresh);
    }
    this.changed.clear();
    this.removed.clear();
    const kept = this.sorted.filter((record) => !record.stale);
    fresh.sort(compareKeyed);
    this.sorted =
      (fresh.length > MERGE_THRESHOLD ? mergeSorted(kept, fresh) : insertSorted(kept, fresh)) ??
      this.sortAll();
    return this.sorted.map((record) => record.entry);
  }

  private forget(item: object): void {
    const record = this.records.get(item);
    if (record) record.stale = true;
    this.records.delete(item);
  }

  /** The item's record, reading it (and adding it to `fresh`) when it has none yet. */
  private read(item: unknown, fresh: EntryRecord[]): EntryRecord | null {
    if (!(item instanceof Y.AbstractType)) return null;
    const known = this.records.get(item);
    if (known !== undefined) return known;
    const view = readTimelineEntry(item);
    const record = view ? { ...toKeyed(view), stale: false } : null;
    this.records.set(item, record);
    if (record) fresh.push(record);
    return record;
  }

  /** Every entry in array order, sorted stably: where entries tie, array order decides. */
  private sortAll(): EntryRecord[] {
    const all: EntryRecord[] = [];
    for (const item of this.timeline) {
      const record = this.read(item, []);
      if (record) all.push(record);
    }
    return all.sort(compareKeyed);
  }
}

/** The Y type an array item holds, if it holds one (entries are Y.Maps; junk may be anything). */
function typeOf(struct: Y.Item): Y.AbstractType<unknown> | null {
  return struct.content instanceof Y.ContentType
    ? (struct.content.type as Y.AbstractType<unknown>)
    : null;
}

/**
 * Kept and fresh entries are each in order; a fresh entry that ties with a kept one would be
 * placed by array position, which only a full sort knows: null then.
 */
function mergeSorted(kept: EntryRecord[], fresh: EntryRecord[]): EntryRecord[] | null {
  const merged: EntryRecord[] = [];
  let k = 0;
  let f = 0;
  while (k < kept.length && f < fresh.length) {
    const order = compareKeyed(kept[k]!, fresh[f]!);
    if (order === 0) return null;
    merged.push(order < 0 ? kept[k++]! : fresh[f++]!);
  }
  while (k < kept.length) merged.push(kept[k++]!);
  while (f < fresh.length) merged.push(fresh[f++]!);
  return merged;
}

/** `mergeSorted` for a few fresh entries: each placed by binary search into `kept` (modified). */
function insertSorted(kept: EntryRecord[], fresh: EntryRecord[]): EntryRecord[] | null {
  for (const record of fresh) {
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareKeyed(kept[middle]!, record) < 0) low = middle + 1;
      else high = middle;
    }
    // Equal to a kept entry, or to a fresh one placed before it: array order decides.
    if (low < kept.length && compareKeyed(kept[low]!, record) === 0) return null;
    kept.splice(low, 0, record);
  }
  return kept;
}
