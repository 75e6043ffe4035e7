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
