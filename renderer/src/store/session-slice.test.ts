import { describe, expect, it, vi } from 'vitest';
import type { RoomStatus } from '../../../shared/channel/host-events';
import { FakeHost } from '../testing/fake-host';
import { createAppStore } from './app-store';

async function storeInRoom() {
  const host = new FakeHost();
  const store = createAppStore();
  store.getState().attachHost(host);
  await vi.waitFor(() => expect(store.getState().profile).not.toBeNull());
  const room = host.addRoom({ title: 'Checkout errors', severity: 'SEV2' });
  await store.getState().enterRoom(room.id);
  return { host, store, roomId: room.id };
}

describe('the session as the operations see it', () => {
  it('acts under a name changed in another window of the same host', async () => {
    const { host, store } = await storeInRoom();
    const profile = { ...host.profile, name: 'Dana Reyes' };
    host.emit({ type: 'profile-changed', profile });
    expect(store.getState().profile).toEqual(profile);
    expect(store.getState().operationContext()?.actor).toEqual({
      id: profile.id,
      name: 'Dana Reyes',
    });
  });

  it('stamps entries offline only when the relay was lost or out of reach', async () => {
    const { host, store, roomId } = await storeInRoom();
    const offlineWith = (patch: Partial<RoomStatus>) => {
      host.emit({ type: 'room-status', status: host.status(roomId, patch) });
      return store.getState().operationContext()?.offline;
    };
    expect(offlineWith({ connection: 'live' })).toBe(false);
    expect(offlineWith({ connection: 'connecting' })).toBe(false);
    expect(offlineWith({ connection: 'local-only' })).toBe(false);
    expect(offlineWith({ connection: 'offline', offlineSince: '2026-01-05T10:00:00Z' })).toBe(true);
    expect(offlineWith({ connection: 'refused', refusal: 'bad key' })).toBe(true);
    expect(offlineWith({ connection: 'connecting', offlineSince: '2026-01-05T10:00:00Z' })).toBe(
      true,
    );
  });

  it('does not claim offline before the host has said anything about the room', async () => {
    const { store } = await storeInRoom();
    store.setState({ statusByRoom: {} });
    expect(store.getState().operationContext()?.offline).toBe(false);
  });
});
