import type { StateCreator } from 'zustand';
import type { HostConnection } from '../host/host-connection';
import { messageOf } from '../lib/error-message';
import type { AppState, HostOutcome, SessionSlice } from './app-state';

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  host: null,
  hostLost: null,
  profile: null,
  defaultRelayUrl: null,
  rooms: null,
  roomsError: null,
  statusByRoom: {},
  presenceByRoom: {},

  attachHost(host) {
    set({ host, hostLost: null });
    const offEvent = host.onEvent((event) => get().applyHostEvent(event));
    const offLost = host.onLost((reason) => set({ hostLost: reason }));
    const offTeam = get().attachTeam(host);
    void host.api['profile.get']({}).then(
      (profile) => set({ profile }),
      (error: unknown) => set({ roomsError: messageOf(error) }),
    );
    void host.api['host.info']({}).then(
      (info) => set({ defaultRelayUrl: info.defaultRelayUrl }),
      (error: unknown) => console.warn('incident-room: host.info failed', error),
    );
    void get().refreshRooms();
    return () => {
      offEvent();
      offLost();
      offTeam();
    };
  },

  async refreshRooms() {
    const host = get().host;
    if (!host) return;
    try {
      const rooms = await host.api['rooms.list']({});
      set({ rooms, roomsError: null });
    } catch (error) {
      set({ roomsError: messageOf(error) });
    }
  },

  async saveProfile(change) {
    const host = get().host;
    if (!host) return;
    const profile = await host.api['profile.set'](change);
    set({ profile });
  },

  createRoom: (input) => callHost(get, (host) => host.api['rooms.create'](input)),
  joinRoom: (invite) => callHost(get, (host) => host.api['rooms.join']({ invite })),
  inviteLink: (roomId, access) =>
    callHost(get, async (host) => (await host.api['rooms.invite']({ roomId, access })).link),
  publishRoom: (roomId, relayUrl) =>
    callHost(get, (host) => host.api['rooms.publish']({ roomId, relayUrl })),
  forgetRoom: (roomId) => callHost(get, (host) => host.api['rooms.leave']({ roomId })),

  applyHostEvent(event) {
    switch (event.type) {
      case 'room-status':
        set((state) => ({
          statusByRoom: { ...state.statusByRoom, [event.status.roomId]: event.status },
        }));
        break;
      case 'presence':
        set((state) => ({
          presenceByRoom: { ...state.presenceByRoom, [event.roomId]: event.peers },
        }));
        break;
      case 'profile-changed':
        set({ profile: event.profile });
        break;
      case 'rooms-changed':
        void get().refreshRooms();
        break;
    }
  },
});

async function callHost<T>(
  get: () => AppState,
  request: (host: HostConnection) => Promise<T>,
): Promise<HostOutcome<T>> {
  const host = get().host;
  if (!host) return { ok: false, error: 'The host is not connected.' };
  try {
    const value = await request(host);
    void get().refreshRooms();
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}
