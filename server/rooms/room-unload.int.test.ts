import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';
import { createTestRoom } from '../testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from '../testing/relay-clients';
import { fetchHealth, fetchMetric } from '../testing/relay-http';

// These tests start the relay more than once; each start is a fresh node process.
const RESTARTS_TEST_TIMEOUT_MS = 60_000;

const relays: SpawnedRelay[] = [];
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.kill();
});

function contentOf(doc: Y.Doc): unknown {
  return {
    lines: doc.getArray('lines').toJSON(),
    draft: doc.getText('draft').toJSON(),
    meta: doc.getMap('meta').toJSON(),
  };
}

describe('idle rooms are saved, unloaded and reloaded unchanged', () => {
  it(
    'unloads a room after its last client leaves and reloads identical content',
    async () => {
      const relay = await spawnRelay({
        args: ['--room-unload-grace-ms', '150', '--compact-after-updates', '1000'],
      });
      relays.push(relay);
      const room = await createTestRoom(relay.url);
      const writer = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
      const watcher = connectStockClient(relay.wsRoomsUrl, room.id, room.readKey);
      await Promise.all([waitForSynced(writer.provider), waitForSynced(watcher.provider)]);

      // Inserts, deletions and overwrites, so the compacted snapshot has tombstones to get right.
      const lines = writer.doc.getArray<string>('lines');
      const draft = writer.doc.getText('draft');
      for (let i = 0; i < 30; i++) lines.push([`line ${i}`]);
      lines.delete(3, 5);
      draft.insert(0, 'We are investigating elevated errors.');
      draft.delete(7, 4);
      writer.doc.getMap('meta').set('severity', 'SEV2');
      writer.doc.getMap('meta').set('severity', 'SEV1');
      await waitFor(
        () => JSON.stringify(contentOf(watcher.doc)) === JSON.stringify(contentOf(writer.doc)),
        'the watcher to hold everything',
      );
      const expected = contentOf(writer.doc);
      const expectedStateVector = Y.encodeStateVector(writer.doc);
      expect((await fetchHealth(relay.url)).roomsLoaded).toBe(1);

      writer.provider.destroy();
      watcher.provider.destroy();
      await waitFor(
        async () => (await fetchHealth(relay.url)).roomsLoaded === 0,
        'the room to unload',
      );
      expect(await fetchMetric(relay.url, 'relay_compactions_total')).toBeGreaterThanOrEqual(1);

      const reader = connectStockClient(relay.wsRoomsUrl, room.id, room.readKey);
      await waitForSynced(reader.provider);
      expect(contentOf(reader.doc)).toEqual(expected);
      expect(Y.encodeStateVector(reader.doc)).toEqual(expectedStateVector);
      reader.provider.destroy();

      // And once more from disk alone, after a crash with the room compacted.
      await relay.kill();
      const restarted = await relay.restart();
      relays.push(restarted);
      const afterCrash = connectStockClient(restarted.wsRoomsUrl, room.id, room.readKey);
      await waitForSynced(afterCrash.provider);
      expect(contentOf(afterCrash.doc)).toEqual(expected);
      afterCrash.provider.destroy();
    },
    RESTARTS_TEST_TIMEOUT_MS,
  );

  it('keeps a room loaded while a client comes back within the grace period', async () => {
    const relay = await spawnRelay({ args: ['--room-unload-grace-ms', '600'] });
    relays.push(relay);
    const room = await createTestRoom(relay.url);
    const first = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
    await waitForSynced(first.provider);
    first.doc.getArray<string>('lines').push(['kept warm']);
    first.provider.destroy();
    const second = connectStockClient(relay.wsRoomsUrl, room.id, room.readKey);
    await waitForSynced(second.provider);
    expect(second.doc.getArray('lines').toArray()).toEqual(['kept warm']);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await fetchHealth(relay.url)).roomsLoaded).toBe(1);
    second.provider.destroy();
    await waitFor(async () => (await fetchHealth(relay.url)).roomsLoaded === 0, 'unload', 4_000);
  });
});
