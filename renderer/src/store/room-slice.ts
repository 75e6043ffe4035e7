import type { StateCreator } from 'zustand';
import { isWrittenOffline } from '../../../shared/channel/written-offline';
import { ROLES, type Role } from '../../../shared/doc/enums';
import { postmortemText, roomRoots } from '../../../shared/doc/roots';
import { isOperationError } from '../../../shared/ops/operation-error';
import type { HostConnection, OpenRoom } from '../host/host-connection';
import {
  PREVIEW_TAIL_ENTRIES,
  previewSnapshot,
  RoomReader,
  type RoomPreview,
} from '../../../shared/read';
import { messageOf } from '../lib/error-message';
import type { AppState, RoomSlice } from './app-state';

/** Re-deriving the view is batched per animation frame so a burst of remote updates costs one read. */
const schedule: (callback: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? (callback) => requestAnimationFrame(callback)
    : (callback) => setTimeout(callback, 0);

export const createRoomSlice: StateCreator<AppState, [], [], RoomSlice> = (set, get) => {
  let detach: (() => void) | null = null;

  /** Shows the room's preview, if the host has one, and lets the browser paint it. */
  async function showPreview(host: HostConnection, roomId: string): Promise<void> {
    let preview: RoomPreview | null;
    try {
      preview = await host.api['room.preview']({ roomId });
    } catch {
      // Only the head start is lost: opening the room says what is wrong, if anything is.
      return;
    }
    if (!preview || get().roomId !== roomId) return;
    // An undeclared room has nothing to show but the declaration form, which needs the replica.
    if (preview.parts.meta.formatVersion === null) return;
    // A room whose whole timeline fits in the preview opens in a blink: showing it read-only
    // first would only make its buttons dead for that blink (a click on Triage lost, say).
    if (preview.timelineTotal <= PREVIEW_TAIL_ENTRIES) return;
    set({
      view: previewSnapshot(preview, Date.now()),
      previewTotal: preview.timelineTotal,
      opening: false,
    });
    // Applying the replica's first sync holds the main thread; the preview is on screen first.
    await new Promise<void>((resolve) => schedule(() => setTimeout(resolve, 0)));
  }

  return {
    roomId: null,
    room: null,
    view: null,
    previewTotal: null,
    opening: false,
    openError: null,
    unsaved: 0,

    async enterRoom(roomId) {
      const host = get().host;
      if (!host) return;
      await get().leaveRoom();
      set({ roomId, opening: true, openError: null, view: null, previewTotal: null, unsaved: 0 });
      rememberRoom(roomId);
      // The newest entries first, painted before the replica syncs: in a room of 10,000 entries
      // the host loading the whole document and this window applying it take seconds.
      await showPreview(host, roomId);
      let room: OpenRoom;
      try {
        room = await host.openRoom(roomId);
      } catch (error) {
        set({ opening: false, openError: messageOf(error), view: null, previewTotal: null });
        return;
      }
      if (get().roomId !== roomId) {
        // The person moved on while the room was opening.
        await room.close();
        return;
      }
      // The reader re-reads only what changed since its last read (one entry, the status draft),
      // so a change costs little even at 10,000 entries. Bursts of updates (someone typing in the
      // status draft, a sync catching up) are still coalesced: at most one read per frame, and
      // if a read ever got slow, a trailing wait of twice its cost keeps the main thread free.
      const reader = new RoomReader(room.doc);
      let pending = false;
      let lastCostMs = 0;
      const refresh = () => {
        pending = false;
        if (get().room !== room || !reader.changed) return;
        const before = myRole(get());
        const started = performance.now();
        set({ view: reader.read() });
        lastCostMs = performance.now() - started;
        if (myRole(get()) !== before) publishPresence(get);
      };
      const onUpdate = () => {
        if (pending) return;
        pending = true;
        if (lastCostMs > 16) setTimeout(refresh, Math.min(1000, lastCostMs * 2));
        else schedule(refresh);
      };
      room.doc.on('update', onUpdate);
      const offUnsaved = room.onUnsavedChange((unsaved) => set({ unsaved }));
      detach = () => {
        room.doc.off('update', onUpdate);
        offUnsaved();
        reader.destroy();
      };
      // The initial sync has been applied in full by now: the room is read once, not per frame.
      set({
        room,
        opening: false,
        view: reader.read(),
        previewTotal: null,
        unsaved: room.unsavedCount(),
      });
      publishPresence(get);
    },

    async leaveRoom() {
      const { room } = get();
      detach?.();
      detach = null;
      set({
        room: null,
        roomId: null,
        view: null,
        previewTotal: null,
        unsaved: 0,
        openError: null,
      });
      rememberRoom(null);
      if (room) {
        try {
          await room.close();
        } catch (error) {
          // The host may already be gone; the replica is dropped either way.
          console.warn('incident-room: closing the room failed', error);
        }
      }
    },

    operationContext() {
      const { profile, roomId, statusByRoom } = get();
      if (!profile) return null;
      const status = roomId ? statusByRoom[roomId] : undefined;
      const offset = status?.clockOffsetMs ?? 0;
      return {
        actor: { id: profile.id, name: profile.name },
        // clockOffsetMs is this machine minus the relay: subtracting it gives relay time.
        now: () => Date.now() - offset,
        clockOffsetMs: status ? offset : null,
        offline: isWrittenOffline(status),
      };
    },

    editing: null,
    setEditing(editing) {
      if (get().editing === editing) return;
      set({ editing });
      publishPresence(get);
    },

    sharedText(name) {
      const { room } = get();
      if (!room) return null;
      return name === 'statusDraft'
        ? roomRoots(room.doc).statusDraft
        : postmortemText(room.doc, name.postmortem);
    },

    run(operation, input) {
      const { room } = get();
      const ctx = get().operationContext();
      if (!room || !ctx) return { ok: false, code: 'no-room', error: 'No room is open.' };
      try {
        return { ok: true, value: operation(room.doc, ctx, input) };
      } catch (error) {
        if (isOperationError(error)) return { ok: false, code: error.code, error: error.message };
        throw error;
      }
    },
  };
};

/** The role this person holds in the open room, for their presence badge. */
export function myRole(state: AppState): Role | null {
  const me = state.profile?.id;
  const roles = state.view?.roles;
  if (!me || !roles) return null;
  return ROLES.find((role) => roles[role]?.id === me) ?? null;
}

function publishPresence(get: () => AppState): void {
  const state = get();
  if (!state.host || !state.roomId) return;
  state.host.api['room.presence']({
    roomId: state.roomId,
    role: myRole(state),
    editing: state.editing,
  }).catch((error: unknown) => console.warn('incident-room: presence update failed', error));
}

const LAST_ROOM_KEY = 'incident-room:open-room';

/** The room this tab had open, so a reload lands back in it instead of on the room list. */
export function rememberedRoom(): string | null {
  return typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(LAST_ROOM_KEY);
}

function rememberRoom(roomId: string | null): void {
  if (typeof sessionStorage === 'undefined') return;
  if (roomId) sessionStorage.setItem(LAST_ROOM_KEY, roomId);
  else sessionStorage.removeItem(LAST_ROOM_KEY);
}
