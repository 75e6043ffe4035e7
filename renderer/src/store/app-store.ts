import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { AppState } from './app-state';
import { createRoomSlice } from './room-slice';
import { createSessionSlice } from './session-slice';
import { createTeamSlice } from './team-slice';
import type { TeamRoomNotifier } from '../lib/team-room-notices';
import { createUiSlice } from './ui-slice';

export type { AppState } from './app-state';
export type AppStore = StoreApi<AppState>;

export interface AppStoreOptions {
  /**
   * Announces new alert rooms in the team list (the app passes the browser's notifications in
   * web mode); none by default.
   */
  teamNotifier?: TeamRoomNotifier | null;
}

/** The slices combined once. A factory, not a module singleton, so each test gets a fresh store. */
export function createAppStore(options: AppStoreOptions = {}): AppStore {
  const teamNotifier = options.teamNotifier ?? null;
  return createStore<AppState>()((...args) => ({
    ...createSessionSlice(...args),
    ...createRoomSlice(...args),
    ...createUiSlice(...args),
    ...createTeamSlice(teamNotifier)(...args),
  }));
}

export const AppStoreContext = createContext<AppStore | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore needs an AppStoreContext provider');
  return useStore(store, selector);
}

export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStoreApi needs an AppStoreContext provider');
  return store;
}
