import { declareIncident } from '../../shared/ops';
import { readRoom } from '../../shared/read/read-room';
import { createTestRoom, type CreatedRoom } from './create-test-room';
import { connectStockClient, waitFor, waitForSynced } from './relay-clients';
import { spawnRelay, type SpawnedRelay } from './spawn-relay';

export interface DeclaredRoom {
  relay: SpawnedRelay;
  room: CreatedRoom;
  /** A stock y-websocket client with the write key; it declared the incident. */
  ic: ReturnType<typeof connectStockClient>;
  /** A stock client with the read-only key, to see what the relay fans out. */
  watcher: ReturnType<typeof connectStockClient>;
  close(): Promise<void>;
}

/**
 * A real relay process with one declared SEV2 room ("Checkout errors"), an IC client and a
 * read-only watcher that has seen the declaration: where events-API tests start.
 */
export async function openDeclaredRoom(relayArgs: readonly string[]): Promise<DeclaredRoom> {
  const relay = await spawnRelay({ args: [...relayArgs] });
  const room = await createTestRoom(relay.url);
  const ic = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
  const watcher = connectStockClient(relay.wsRoomsUrl, room.id, room.readKey);
  await Promise.all([waitForSynced(ic.provider), waitForSynced(watcher.provider)]);
  declareIncident(
    ic.doc,
    { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now },
    { title: 'Checkout errors', severity: 'SEV2' },
  );
  await waitFor(() => readRoom(watcher.doc).declared, 'the declaration to reach the watcher');
  return {
    relay,
    room,
    ic,
    watcher,
    async close() {
      ic.provider.destroy();
      watcher.provider.destroy();
      await relay.stop();
    },
  };
}
