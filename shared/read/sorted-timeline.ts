import * as Y from 'yjs';
import { decodeTimelineRecord, recordEntryId } from '../doc/timeline-records';
import { entryView } from './timeline-entry';
import { readEntryStates, type TimelineRoots } from './timeline-history';
import { compareKeyed, toKeyed, type KeyedEntry } from './timeline-order';
import type { TimelineEntryView } from './types';

interface PlacedEntry extends KeyedEntry<TimelineEntryView> {
  /** Its entry changed since; dropped at the next read. */
  stale: boolean;
}

/** Above this many new entries one linear merge beats inserting each by binary search. */
const MERGE_THRESHOLD = 32;

/**
 * The visible timeline in timeline order, kept up to date from what changed instead of re-read
 * and re-sorted whole. The events of `timelineEntries` and `timelineChanges` say which records
 * arrived; only the entries they name are read again, every other entry keeps its view object
 * (rows memoised on it do not re-render), and the new views are placed into the previous order. A change among format 1's
 * Y.Maps (a migration, or an old room's history arriving) reads everything again: that happens
 * once per room. The result is always `readWholeTimeline` of the same roots (a property test
 * holds it to that).
 */
export class SortedTimeline {
  private placed = new Map<string, PlacedEntry>();
  private sorted: PlacedEntry[] = [];
  /** Entries a record arrived for since the last read. */
  private readonly touched = new Set<string>();
  private rebuild = true;

  constructor(private readonly roots: TimelineRoots) {}

  /** Something changed in format 1's `timeline` array. */
  noteMapChanges(): void {
    this.rebuild = true;
  }

  /** Notes the entries whose records one transaction wrote (from `observeDeep` on the map). */
  noteEntryRecords(events: ReadonlyArray<Y.YEvent<Y.AbstractType<unknown>>>): void {
    for (const event of events) {
      // Changes inside a shared type in the map (which no record is) change no entry.
      if (event.target !== this.roots.timelineEntries || !(event instanceof Y.YMapEvent)) continue;
      // Yjs types the keys as `any`; a Y.Map's keys are strings.
      for (const id of event.keysChanged as Set<string>) this.touched.add(id);
    }
  }

  /**
   * Notes which entries the change records of one transaction name (from `observeDeep` on the
   * changes array). Must run inside the observer: Yjs computes `changes` from the transaction.
   */
  noteChangeRecords(events: ReadonlyArray<Y.YEvent<Y.AbstractType<unknown>>>): void {
    for (const event of events) {
      // Changes inside a shared type in the array (which no record is) change no entry.
      if (event.target !== this.roots.timelineChanges) continue;
      const { added, deleted } = event.changes;
      // The app never removes a change; whoever did, read everything again.
      if (deleted.size > 0) this.rebuild = true;
      for (const struct of added) {
        for (const stored of struct.content.getContent()) {
          const id = recordEntryId(decodeTimelineRecord(stored));
          if (id !== null) this.touched.add(id);
        }
      }
    }
  }

  entries(): TimelineEntryView[] {
    if (this.rebuild) this.readAll();
    else if (this.touched.size > 0) this.readTouched();
    return this.sorted.map((placed) => placed.entry);
  }

  private readAll(): void {
    this.rebuild = false;
    this.touched.clear();
    this.placed = new Map();
    const all: PlacedEntry[] = [];
    for (const state of readEntryStates(this.roots).values()) {
      const placed = this.place(entryView(state));
      if (placed) all.push(placed);
    }
    this.sorted = all.sort(compareKeyed);
  }

  private readTouched(): void {
    const states = readEntryStates(this.roots, this.touched);
    const fresh: PlacedEntry[] = [];
    for (const id of this.touched) {
      const previous = this.placed.get(id);
      if (previous) previous.stale = true;
      this.placed.delete(id);
      const state = states.get(id);
      const placed = state ? this.place(entryView(state)) : null;
      if (placed) fresh.push(placed);
    }
    this.touched.clear();
    const kept = this.sorted.filter((placed) => !placed.stale);
    fresh.sort(compareKeyed);
    // Ids are unique, so no two entries compare equal and both merges always succeed.
    this.sorted =
      fresh.length > MERGE_THRESHOLD ? mergeSorted(kept, fresh) : insertSorted(kept, fresh);
  }

  private place(view: TimelineEntryView | null): PlacedEntry | null {
    if (!view) return null;
    const placed = { ...toKeyed(view), stale: false };
    this.placed.set(view.id, placed);
    return placed;
  }
}

/** Kept and fresh entries, each in order, merged into one order. */
function mergeSorted(kept: PlacedEntry[], fresh: PlacedEntry[]): PlacedEntry[] {
  const merged: PlacedEntry[] = [];
  let k = 0;
  let f = 0;
  while (k < kept.length && f < fresh.length) {
    merged.push(compareKeyed(kept[k]!, fresh[f]!) <= 0 ? kept[k++]! : fresh[f++]!);
  }
  while (k < kept.length) merged.push(kept[k++]!);
  while (f < fresh.length) merged.push(fresh[f++]!);
  return merged;
}

/** `mergeSorted` for a few fresh entries: each placed by binary search into `kept` (modified). */
function insertSorted(kept: PlacedEntry[], fresh: PlacedEntry[]): PlacedEntry[] {
  for (const placed of fresh) {
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareKeyed(kept[middle]!, placed) < 0) low = middle + 1;
      else high = middle;
    }
    kept.splice(low, 0, placed);
  }
  return kept;
}
