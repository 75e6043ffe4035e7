import type { RoomSnapshot } from '../../../shared/read';

/**
 * What components read: the shared read model, never the Y.Doc itself. The room slice keeps it
 * with a `RoomReader`, so parts and timeline entries that did not change keep their identity
 * and components selecting them do not re-render.
 */
export type RoomView = RoomSnapshot;

type AccessState = {
  rooms: ReadonlyArray<{ id: string; access: string }> | null;
  roomId: string | null;
};

/** The room was opened with a read-only invite: this person follows but cannot write. */
export function selectReadOnlyInvite(state: AccessState): boolean {
  return state.rooms?.find((room) => room.id === state.roomId)?.access === 'read';
}

/**
 * Whether this window may not change the room now: a read-only invite, or the room still shows
 * its preview (there is no replica to write to until it has synced). One rule for every control.
 */
export function selectReadOnly(state: AccessState & { room: unknown }): boolean {
  return state.room === null || selectReadOnlyInvite(state);
}
