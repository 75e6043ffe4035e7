import type { StateCreator } from 'zustand';
import type { HostParams, Profile, RoomSummary } from '../../../shared/channel/host-api';
import type { HostEvent, PresencePeer, RoomStatus } from '../../../shared/channel/host-events';
import type { HostConnection } from '../host/host-connection';
import type { AppState } from './app-store';

/** What the host tells us about ourselves, our rooms and each room's link to the relay. */
export interface SessionSlice {
  host: HostConnection | null;
  /** Why the host channel is gone, once it is; the UI stops pretending anything is saved. */
  hostLost: string | null;
  profile: Profile | null;
  /** The relay new rooms go to by default (the host's `--relay`); null means local-only. */
  defaultRelayUrl: string | null;
  rooms: RoomSummary[] | null;
  roomsError: string | null;
  statusByRoom: Record<string, RoomStatus>;
  presenceByRoom: Record<string, PresencePeer[]>;
  attachHost: (host: HostConnection) => () => void;
  refreshRooms: () => Promise<void>;
  setProfileName: (name: string) => Promise<void>;
  applyHostEvent: (event: HostEvent) => void;
  createRoom: (input: HostParams<'rooms.create'>) => Promise<HostOutcome<RoomSummary>>;
  joinRoom: (invite: string) => Promise<HostOutcome<RoomSummary>>;
  inviteLink: (roomId: string, access: 'write' | 'read') => Promise<HostOutcome<string>>;
  publishRoom: (roomId: string, relayUrl: string) => Promise<HostOutcome<RoomSummary>>;
  forgetRoom: (roomId: string) => Promise<HostOutcome<null>>;
}

/** A host request's outcome, with the host's refusal as a sentence to show next to the form. */
export type HostOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

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

  async setProfileName(name) {
    const host = get().host;
    if (!host) return;
    const profile = await host.api['profile.set']({ name });
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

/** A sentence for people from whatever was thrown (RPC errors carry a message too). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message } = error;
    if (typeof message === 'string') return message;
  }
  return String(error);
}
