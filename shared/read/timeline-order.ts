/**
 * The one timeline order: event time, then recorded time, then id. Insertion order never counts,
 * so an entry written offline an hour ago merges into its true place, and every replica shows
 * the same sequence.
 */
export interface TimelineSortKey {
  id: string;
  at: string;
  recordedAt: string;
}

export function compareTimelineEntries(a: TimelineSortKey, b: TimelineSortKey): number {
  return (
    compareInstants(a.at, b.at) ||
    compareInstants(a.recordedAt, b.recordedAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function compareInstants(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

/**
 * Sorts `entries` in place exactly as `entries.sort(compareTimelineEntries)` would, parsing each
 * entry's times once instead of in every comparison (most of the cost at 10,000 entries): the
 * same comparison outcomes and the same stable algorithm give the same order.
 */
export function sortTimeline<T extends TimelineSortKey>(entries: T[]): T[] {
  const keyed = entries.map(toKeyed);
  keyed.sort(compareKeyed);
  keyed.forEach((item, index) => (entries[index] = item.entry));
  return entries;
}

/** An entry with its sort key parsed. */
export interface KeyedEntry<T extends TimelineSortKey> {
  entry: T;
  atMs: number;
  recordedAtMs: number;
}

export function toKeyed<T extends TimelineSortKey>(entry: T): KeyedEntry<T> {
  return { entry, atMs: Date.parse(entry.at), recordedAtMs: Date.parse(entry.recordedAt) };
}

/** `compareTimelineEntries` on parsed keys: the same outcome for every pair. */
export function compareKeyed<T extends TimelineSortKey>(
  a: KeyedEntry<T>,
  b: KeyedEntry<T>,
): number {
  return (
    a.atMs - b.atMs ||
    a.recordedAtMs - b.recordedAtMs ||
    (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0)
  );
}
