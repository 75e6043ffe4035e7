import type { StateCreator } from 'zustand';
import type { AppState, UiSlice } from './app-state';

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
