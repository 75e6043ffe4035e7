import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { AppState } from './app-state';
import { createRoomSlice } from './room-slice';
import { createSessionSlice } from './session-slice';
import { createUiSlice } from './ui-slice';

export type { AppState } from './app-state';
export type AppStore = StoreApi<AppState>;

/** The slices combined once. A factory, not a module singleton, so each test gets a fresh store. */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createSessionSlice(...args),
    ...createRoomSlice(...args),
    ...createUiSlice(...args),
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
