import { useEffect, useState } from 'react';
import type { HostConnection } from './host/host-connection';
import { AppStoreContext, createAppStore, useAppStore, type AppStore } from './store/app-store';
import { CommandPalette } from './components/command-palette';
import { ProfileGate } from './components/profile-gate';
import { RoomList } from './components/room-list';
import { RoomScreen } from './components/room-screen';
import { useGlobalShortcuts } from './lib/use-global-shortcuts';
import { rememberedRoom } from './store/room-slice';
import { desktopApi } from './host/desktop-transport';
import { browserTeamRoomNotifier } from './lib/team-room-notices';

const THEME_KEY = 'incident-room:theme';

/** The app: one store per window, wired to the host connection once. */
export function App({ host, store: given }: { host: HostConnection; store?: AppStore }) {
  const [store] = useState(() => {
    // Web mode announces new alert rooms with the browser's notifications; the desktop app's
    // host shows native ones, so a window there announces nothing itself.
    const created =
      given ?? createAppStore({ teamNotifier: desktopApi() ? null : browserTeamRoomNotifier });
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') created.getState().setTheme(saved);
    return created;
  });
  useEffect(() => store.getState().attachHost(host), [store, host]);
  useGlobalShortcuts(store);
  return (
    <AppStoreContext.Provider value={store}>
      <ThemeSync />
      <HostLostBanner />
      <ProfileGate>
        <Screens />
      </ProfileGate>
      <CommandPalette />
    </AppStoreContext.Provider>
  );
}

function Screens() {
  const roomId = useAppStore((state) => state.roomId);
  const rooms = useAppStore((state) => state.rooms);
  const enterRoom = useAppStore((state) => state.enterRoom);
  const [restored, setRestored] = useState(false);
  // After a reload, reopen the room this tab had open (if this host still has it).
  useEffect(() => {
    if (restored || rooms === null) return;
    setRestored(true);
    const last = rememberedRoom();
    if (last && rooms.some((room) => room.id === last)) void enterRoom(last);
  }, [restored, rooms, enterRoom]);
  return roomId ? <RoomScreen /> : <RoomList />;
}

/** The theme lives on <html> so CSS tokens switch everywhere at once; the choice is remembered. */
function ThemeSync() {
  const theme = useAppStore((state) => state.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(THEME_KEY, theme);
  }, [theme]);
  return null;
}

function HostLostBanner() {
  const hostLost = useAppStore((state) => state.hostLost);
  if (!hostLost) return null;
  return (
    <div role="alert" className="connection connection--bad" style={{ margin: 8, display: 'flex' }}>
      The local host stopped ({hostLost}). Changes you make now are not saved; reload once it is
      back.
    </div>
  );
}
