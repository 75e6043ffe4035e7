import type { StateCreator } from 'zustand';
import type { HostConnection } from '../host/host-connection';
import { messageOf } from '../lib/error-message';
import { announcedIds, newAlertRooms } from '../../../shared/channel/team-room-news';
import type { TeamRoomNotifier } from '../lib/team-room-notices';
import type { AppState, TeamSlice } from './app-state';

/** The team room ids this person has seen in the list, per team relay (for the "New" badge). */
const SEEN_KEY = 'incident-room:team-rooms-seen';

function readSeen(relayUrl: string): Set<string> | null {
  try {
    const stored = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '{}') as Record<string, unknown>;
    const ids = stored[relayUrl];
    return Array.isArray(ids) ? new Set(ids.filter((id) => typeof id === 'string')) : null;
  } catch {
    return null;
  }
}

function writeSeen(relayUrl: string, ids: Iterable<string>): void {
  let stored: Record<string, unknown> = {};
  try {
    stored = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '{}') as Record<string, unknown>;
  } catch {
    // A damaged entry is replaced: at worst a room shows "New" once more.
  }
  stored[relayUrl] = [...ids];
  localStorage.setItem(SEEN_KEY, JSON.stringify(stored));
}

/**
 * The team slice, given how to notify (the browser's Notification in web mode; nothing in the
 * desktop app, whose host shows native notifications itself).
 */
export function createTeamSlice(
  notifier: TeamRoomNotifier | null,
): StateCreator<AppState, [], [], TeamSlice> {
  return (set, get) => {
    /** Ids already had their say this session; null before the first list (nothing is news on load). */
    let announced: Set<string> | null = null;
    let announcedRelay: string | null = null;

    const refresh = async (host: HostConnection, ask: boolean) => {
      let view;
      try {
        view = await host.api['team.rooms'](ask ? { refresh: true } : {});
      } catch (error) {
        set({ teamError: messageOf(error) });
        return;
      }
      const relay = view.relayUrl;
      if (relay !== announcedRelay) {
        announced = null;
        announcedRelay = relay;
      }
      if (announced !== null && notifier !== null) {
        const usualRole = get().profile?.usualRole ?? null;
        for (const room of newAlertRooms(announced, view.rooms))
          notifier.announce(room, usualRole, () => void get().openTeamRoom(room.id));
      }
      if (view.fetchedAt !== null) announced = announcedIds(view.rooms);
      let seen = relay === null ? null : (get().teamSeen ?? readSeen(relay));
      // The first list ever fetched is the baseline: it is not all "New".
      if (relay !== null && seen === null && view.fetchedAt !== null) {
        seen = new Set(view.rooms.map((room) => room.id));
        writeSeen(relay, seen);
      }
      set({ teamRooms: view, teamSeen: seen, teamError: view.error });
    };

    return {
      teamSettings: null,
      teamRooms: null,
      teamError: null,
      teamSeen: null,

      attachTeam(host) {
        void host.api['team.get']({}).then(
          (teamSettings) => set({ teamSettings }),
          (error: unknown) => set({ teamError: messageOf(error) }),
        );
        void refresh(host, false);
        return host.onEvent((event) => {
          if (event.type === 'team-rooms-changed') void refresh(host, false);
        });
      },

      async refreshTeamRooms() {
        const host = get().host;
        if (host) await refresh(host, true);
      },

      async saveTeam(change) {
        const host = get().host;
        if (!host) throw new Error('The host is not connected.');
        const teamSettings = await host.api['team.set'](change);
        set({ teamSettings, teamSeen: null });
        await refresh(host, true);
      },

      markTeamRoomsSeen() {
        const view = get().teamRooms;
        if (!view?.relayUrl || view.fetchedAt === null) return;
        const seen = new Set(view.rooms.map((room) => room.id));
        writeSeen(view.relayUrl, seen);
        set({ teamSeen: seen });
      },

      async joinTeamRoom(roomId) {
        const host = get().host;
        if (!host) return { ok: false, error: 'The host is not connected.' };
        try {
          const summary = await host.api['team.join']({ roomId });
          void get().refreshRooms();
          return { ok: true, value: summary };
        } catch (error) {
          return { ok: false, error: messageOf(error) };
        }
      },

      async openTeamRoom(roomId) {
        let localId = get().teamRooms?.rooms.find((room) => room.id === roomId)?.joinedRoomId;
        if (!localId) {
          const joined = await get().joinTeamRoom(roomId);
          if (!joined.ok) return joined;
          localId = joined.value.id;
        }
        await get().enterRoom(localId);
        return { ok: true, value: null };
      },
    };
  };
}
