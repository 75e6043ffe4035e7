import type { StateCreator } from 'zustand';
import type { EntryKind } from '../../../shared/doc/enums';
import type { AppState } from './app-store';

export type Theme = 'dark' | 'light';

/** The room's panels, in the order the keyboard walks them. */
export const PANELS = [
  'timeline',
  'decisions',
  'status',
  'roles',
  'milestones',
  'checklist',
  'actions',
  'postmortem',
] as const;
export type Panel = (typeof PANELS)[number];

export interface TimelineFilter {
  /** Empty means every kind. */
  kinds: EntryKind[];
  pinnedOnly: boolean;
}

/** View-only state: nothing here is shared with the room or saved by the host. */
export interface UiSlice {
  theme: Theme;
  paletteOpen: boolean;
  panel: Panel;
  timelineFilter: TimelineFilter;
  /** Bumped to ask the quick-entry bar to take focus (from a shortcut or the palette). */
  quickEntryFocus: number;
  quickEntryKind: EntryKind | null;
  setTheme: (theme: Theme) => void;
  toggleTheme: () => void;
  setPaletteOpen: (open: boolean) => void;
  setPanel: (panel: Panel) => void;
  setTimelineFilter: (filter: Partial<TimelineFilter>) => void;
  toggleKindFilter: (kind: EntryKind) => void;
  focusQuickEntry: (kind?: EntryKind) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  theme: 'dark',
  paletteOpen: false,
  panel: 'timeline',
  timelineFilter: { kinds: [], pinnedOnly: false },
  quickEntryFocus: 0,
  quickEntryKind: null,
  setTheme: (theme) => set({ theme }),
  toggleTheme: () => set((state) => ({ theme: state.theme === 'dark' ? 'light' : 'dark' })),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setPanel: (panel) => set({ panel }),
  setTimelineFilter: (filter) =>
    set((state) => ({ timelineFilter: { ...state.timelineFilter, ...filter } })),
  toggleKindFilter: (kind) =>
    set((state) => {
      const kinds = state.timelineFilter.kinds.includes(kind)
        ? state.timelineFilter.kinds.filter((candidate) => candidate !== kind)
        : [...state.timelineFilter.kinds, kind];
      return { timelineFilter: { ...state.timelineFilter, kinds } };
    }),
  focusQuickEntry: (kind) =>
    set((state) => ({
      quickEntryFocus: state.quickEntryFocus + 1,
      quickEntryKind: kind ?? state.quickEntryKind,
    })),
});
