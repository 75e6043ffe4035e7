import type { EntryKind } from '../../../shared/doc/enums';

/** The kinds a person logs by hand, each with the key that picks it (Alt+key in the entry bar). */
export const QUICK_KINDS: ReadonlyArray<{ kind: EntryKind; key: string; label: string }> = [
  { kind: 'observation', key: 'o', label: 'Observation' },
  { kind: 'action', key: 'a', label: 'Action' },
  { kind: 'decision', key: 'd', label: 'Decision' },
  { kind: 'comms', key: 'c', label: 'Comms' },
  { kind: 'alert', key: 'l', label: 'Alert' },
  { kind: 'note', key: 'n', label: 'Note' },
];

export function quickKindForKey(key: string): EntryKind | null {
  return QUICK_KINDS.find((candidate) => candidate.key === key.toLowerCase())?.kind ?? null;
}
