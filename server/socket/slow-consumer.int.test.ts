import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Socket } from 'node:net';
import { spawnRelay } from '../testing/spawn-relay';
import { createTestRoom } from '../testing/create-test-room';
import {
  lineUpdate,
  openRawSocketOrThrow,
  syncStep1Frame,
  updateFrame,
} from '../testing/raw-relay-socket';
import { waitFor } from '../testing/relay-clients';
import { fetchHealth } from '../testing/relay-http';

describe('a client that stops reading', () => {
  it('is dropped once its unsent backlog passes the limit, and the room carries on', async () => {
    const relay = await spawnRelay({
      args: ['--max-buffered-bytes', String(256 * 1024), '--compact-after-bytes', String(1 << 30)],
    });
    try {
      const room = await createTestRoom(relay.url);
      const url = `${relay.wsRoomsUrl}/${room.id}?key=${room.writeKey}`;
      const stalled = await openRawSocketOrThrow(url);
      stalled.send(syncStep1Frame(new Y.Doc()));
      const writer = await openRawSocketOrThrow(url);
      writer.send(syncStep1Frame(new Y.Doc()));
      await waitFor(
        async () => (await fetchHealth(relay.url)).connections === 2,
        'two connections',
      );

      // Stop reading at the TCP level: the kernel buffers fill, then the relay's queue grows.
      (stalled.ws as unknown as { _socket: Socket })._socket.pause();
      const chunk = 'x'.repeat(256 * 1024);
      for (let i = 0; i < 24; i++) writer.send(updateFrame(lineUpdate(`${i} ${chunk}`)));
      await waitFor(
        async () => (await fetchHealth(relay.url)).connections === 1,
        'the stalled client to be dropped',
        15_000,
      );
      expect(relay.output()).toContain('slow-consumer');
      expect(writer.ws.readyState).toBe(writer.ws.OPEN);
      writer.ws.close();
    } finally {
      await relay.kill();
    }
  });
});
