import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { spawnRelay, type SpawnedRelay } from './testing/spawn-relay';
import { createTestRoom } from './testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from './testing/relay-clients';

// These tests start the relay more than once; each start is a fresh node process.
const RESTARTS_TEST_TIMEOUT_MS = 60_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(relay: SpawnedRelay): SpawnedRelay {
  cleanups.push(() => relay.kill());
  return relay;
}

function client(relay: SpawnedRelay, roomId: string, key: string) {
  const connected = connectStockClient(relay.wsRoomsUrl, roomId, key);
  cleanups.push(() => {
    connected.provider.destroy();
    connected.doc.destroy();
  });
  return connected;
}

function timelineText(doc: Y.Doc): string[] {
  return doc.getArray<string>('lines').toArray();
}

describe('relay sync with stock y-websocket clients', () => {
  it(
    'converges two clients, gives a late joiner the full room, and survives SIGTERM and SIGKILL restarts',
    async () => {
      let relay = track(await spawnRelay());
      const room = await createTestRoom(relay.url);
      const alice = client(relay, room.id, room.writeKey);
      const bob = client(relay, room.id, room.writeKey);
      await Promise.all([waitForSynced(alice.provider), waitForSynced(bob.provider)]);

      alice.doc.getArray<string>('lines').push(['alice: paging db on-call']);
      bob.doc.getArray<string>('lines').push(['bob: error rate 40%']);
      alice.doc.getText('draft').insert(0, 'We are investigating.');
      await waitFor(
        () => timelineText(alice.doc).length === 2 && timelineText(bob.doc).length === 2,
        'both lines on both clients',
      );
      await waitFor(() => bob.doc.getText('draft').toJSON() === 'We are investigating.', 'draft');
      expect(timelineText(alice.doc)).toEqual(timelineText(bob.doc));

      const carol = client(relay, room.id, room.readKey);
      await waitForSynced(carol.provider);
      expect(timelineText(carol.doc)).toEqual(timelineText(alice.doc));
      expect(carol.doc.getText('draft').toJSON()).toBe('We are investigating.');

      // A graceful restart: the relay flushes and closes with ShuttingDown; clients come back.
      relay = track(await relay.restart({ signal: 'SIGTERM' }));
      bob.doc.getArray<string>('lines').push(['bob: rolled back to v41']);
      await waitFor(() => timelineText(alice.doc).length === 3, 'the post-restart line at alice');

      // A crash: nothing gets flushed, yet everything a client was sent must still be there.
      const expected = Y.encodeStateAsUpdate(alice.doc);
      await relay.kill();
      relay = track(await relay.restart());
      const dave = client(relay, room.id, room.readKey);
      await waitForSynced(dave.provider);
      expect(timelineText(dave.doc)).toEqual(timelineText(alice.doc));
      expect(dave.doc.getText('draft').toJSON()).toBe('We are investigating.');
      const fromRelay = new Y.Doc();
      Y.applyUpdate(fromRelay, Y.encodeStateAsUpdate(dave.doc));
      const fromAlice = new Y.Doc();
      Y.applyUpdate(fromAlice, expected);
      expect(fromRelay.getArray('lines').toJSON()).toEqual(fromAlice.getArray('lines').toJSON());
    },
    RESTARTS_TEST_TIMEOUT_MS,
  );

  it(
    'keeps every update acknowledged before a SIGKILL, including under compaction',
    async () => {
      let relay = track(await spawnRelay({ args: ['--compact-after-updates', '7'] }));
      const room = await createTestRoom(relay.url);
      const writer = client(relay, room.id, room.writeKey);
      const watcher = client(relay, room.id, room.readKey);
      await Promise.all([waitForSynced(writer.provider), waitForSynced(watcher.provider)]);
      const lines = writer.doc.getArray<string>('lines');
      for (let i = 0; i < 40; i++) lines.push([`line ${i}`]);
      // The watcher only sees what the relay broadcast, and the relay broadcasts after writing.
      await waitFor(() => timelineText(watcher.doc).length === 40, 'the watcher to see 40 lines');
      writer.provider.destroy();
      await relay.kill();

      relay = track(await relay.restart());
      const reader = client(relay, room.id, room.readKey);
      await waitForSynced(reader.provider);
      expect(timelineText(reader.doc)).toEqual(Array.from({ length: 40 }, (_, i) => `line ${i}`));
    },
    RESTARTS_TEST_TIMEOUT_MS,
  );

  it(
    'loses nothing any client was sent when SIGKILLed in the middle of a burst of group commits',
    async () => {
      let relay = track(await spawnRelay());
      const rooms = await Promise.all([1, 2, 3].map(() => createTestRoom(relay.url)));
      const writers = rooms.flatMap((room) =>
        [1, 2].map(() => ({ room, ...client(relay, room.id, room.writeKey) })),
      );
      const watchers = rooms.map((room) => ({ room, ...client(relay, room.id, room.readKey) }));
      await Promise.all([...writers, ...watchers].map(({ provider }) => waitForSynced(provider)));

      // Six writers append as fast as the event loop lets them, so commits carry several updates.
      let writing = true;
      const bursts = writers.map(async ({ doc }, writer) => {
        for (let i = 0; writing; i++) {
          doc.getArray<string>('lines').push([`w${writer} line ${i}`]);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      });
      await waitFor(
        () => watchers.every(({ doc }) => timelineText(doc).length >= 200),
        'every watcher to see 200 lines',
      );
      const metrics = await (await fetch(`${relay.url}/metrics`)).text();
      const count = Number(/^relay_persist_batch_updates_count (\S+)$/m.exec(metrics)?.[1]);
      const sum = Number(/^relay_persist_batch_updates_sum (\S+)$/m.exec(metrics)?.[1]);
      await relay.kill();
      writing = false;
      await Promise.all(bursts);
      // What each watcher holds came only from the relay, which sends an update after its commit.
      const seen = watchers.map(({ doc }) => new Set(timelineText(doc)));
      for (const { provider } of [...writers, ...watchers]) provider.destroy();
      expect(sum / count).toBeGreaterThan(1);

      relay = track(await relay.restart());
      for (const [index, { room }] of watchers.entries()) {
        const reader = client(relay, room.id, room.readKey);
        await waitForSynced(reader.provider);
        const stored = new Set(timelineText(reader.doc));
        const missing = [...seen[index]!].filter((line) => !stored.has(line));
        expect(missing).toEqual([]);
      }
    },
    RESTARTS_TEST_TIMEOUT_MS,
  );
});
