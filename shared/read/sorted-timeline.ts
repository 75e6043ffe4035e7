import * as Y from 'yjs';
import { readTimelineEntry } from './timeline-entry';
import { compareKeyed, toKeyed, type KeyedEntry } from './timeline-order';
import type { TimelineEntryView } from './types';

interface EntryRecord extends KeyedEntry<TimelineEntryView> {
  /** The last read that found this record's item in the array. */
  seen: number;
  /** Replaced by a newer record of the same item. */
  replaced: boolean;
}

/**
 * The visible timeline in timeline order, kept up to date from what changed instead of re-read
 * and re-sorted whole: an item changed in place gets a new view, every other item keeps its view
 * object, and the new views are merged into the previous order (linear, no full sort). The result
 * is always what `sortTimeline(readTimelineItems(...))` gives for the same array.
 */
export class SortedTimeline {
  /** Each Y item's current record; null when the item reads as nothing (deleted, malformed). */
  private records = new WeakMap<object, EntryRecord | null>();
  private sorted: EntryRecord[] = [];
  private readonly touched = new Set<object>();
  private reshaped = true;
  private reads = 0;

  constructor(private readonly timeline: Y.Array<unknown>) {}

  /**
   * Notes what the events of one transaction (from `observeDeep` on the timeline array) changed:
   * the array itself (items inserted or removed), or something inside one of its items.
   */
  noteChanges(events: ReadonlyArray<Y.YEvent<Y.AbstractType<unknown>>>): void {
    for (const event of events) {
      let item: Y.AbstractType<unknown> | null = event.target;
      while (item && item !== this.timeline && item.parent !== this.timeline) item = item.parent;
      if (item === this.timeline) this.reshaped = true;
      else if (item) this.touched.add(item);
    }
  }

  entries(): TimelineEntryView[] {
    this.reads += 1;
    const touched = [...this.touched];
    this.touched.clear();
    // Without insertions or removals, every touched item is still in the array, so the touched
    // items alone need reading. One never read before means the array changed after all.
    const inPlace = !this.reshaped && touched.every((item) => this.records.has(item));
    for (const item of touched) {
      const old = this.records.get(item);
      if (old) old.replaced = true;
      this.records.delete(item);
    }
    const fresh: EntryRecord[] = [];
    let kept: EntryRecord[];
    if (inPlace) {
      for (const item of touched) this.recordOf(item, fresh);
      kept = this.sorted.filter((record) => !record.replaced);
    } else {
      for (const item of this.timeline) {
        const record = this.recordOf(item, fresh);
        if (record) record.seen = this.reads;
      }
      kept = this.sorted.filter((record) => record.seen === this.reads && !record.replaced);
    }
    this.reshaped = false;
    this.sorted = mergeSorted(kept, fresh.sort(compareKeyed)) ?? this.sortAll();
    return this.sorted.map((record) => record.entry);
  }

  /** The item's record, reading it (and adding it to `fresh`) when it has none yet. */
  private recordOf(item: unknown, fresh: EntryRecord[]): EntryRecord | null {
    if (!(item instanceof Y.AbstractType)) return null;
    const known = this.records.get(item);
    if (known !== undefined) return known;
    const view = readTimelineEntry(item);
    const record = view ? { ...toKeyed(view), seen: this.reads, replaced: false } : null;
    this.records.set(item, record);
    if (record) fresh.push(record);
    return record;
  }

  /** Where entries tie, only array order decides: sort everything in array order, stably. */
  private sortAll(): EntryRecord[] {
    const all: EntryRecord[] = [];
    for (const item of this.timeline) {
      const record = this.recordOf(item, []);
      if (record) all.push(record);
    }
    return all.sort(compareKeyed);
  }
}

/** Merges two sorted runs; null when an entry of one ties with an entry of the other. */
function mergeSorted(kept: EntryRecord[], fresh: EntryRecord[]): EntryRecord[] | null {
  if (fresh.length === 0) return kept;
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
