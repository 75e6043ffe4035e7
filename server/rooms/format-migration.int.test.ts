/**
 * Document format 2 on a real relay: a room a format-1 build wrote is moved to format 2 when the
 * relay loads it (once, stored like any write), format-2 clients read the same timeline, and an
 * app of format 1 (protocol 1) is refused with ProtocolMismatch and told to update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roomRoots } from '../../shared/doc/roots';
import { loadFormat1Room } from '../../shared/fixtures/format-1-rooms';
import { CloseCode } from '../../shared/protocol/close-codes';
import {
  describeProtocolMismatch,
  parseProtocolMismatchReason,
} from '../../shared/protocol/protocol-version';
import {
  FORMAT_1_PROTOCOL_VERSION,
  RELAY_PROTOCOL_VERSION,
} from '../../shared/protocol/relay-protocol';
import { readRoom } from '../../shared/read/read-room';
import { createTestRoom, type CreatedRoom } from '../testing/create-test-room';
import { openRawSocketOrThrow } from '../testing/raw-relay-socket';
import { connectStockClient, waitFor, waitForSynced } from '../testing/relay-clients';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';

const NOW = Date.parse('2026-03-24T06:00:00.000Z');

/** The room as people see it, format version aside. */
function seen(doc: Y.Doc): unknown {
  return { ...readRoom(doc, { now: NOW }), formatVersion: 'any' };
}

/** The room's document as a client declaring `protocol` receives it. */
async function receive(relay: SpawnedRelay, room: CreatedRoom, protocol: number): Promise<Y.Doc> {
  const client = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey, {
    params: { protocol: String(protocol) },
  });
  try {
    await waitForSynced(client.provider);
    return client.doc;
  } finally {
    client.provider.destroy();
  }
}

describe('a format-1 room on a relay of format 2', () => {
  let relay: SpawnedRelay;
  let room: CreatedRoom;
  const format1 = loadFormat1Room('corrections');

  beforeAll(async () => {
    relay = await spawnRelay();
    room = await createTestRoom(relay.url);
    // The room as a format-1 build left it on its relay: written into a loaded (empty) room, so
    // the relay stores it as it came; the move happens at the next load.
    const writer = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
    await waitForSynced(writer.provider);
    Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(format1));
    const reader = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
    await waitFor(
      () => roomRoots(reader.doc).timeline.length === roomRoots(format1).timeline.length,
      'the format-1 room on the relay',
    );
    writer.provider.destroy();
    reader.provider.destroy();
    relay = await relay.restart();
  });
  afterAll(async () => {
    await relay.stop();
  });

  it('is moved to format 2 when the relay loads it, and reads the same', async () => {
    const doc = await receive(relay, room, RELAY_PROTOCOL_VERSION);
    expect(readRoom(doc).formatVersion).toBe(2);
    expect(roomRoots(doc).timeline.length).toBe(0);
    expect(seen(doc)).toEqual(seen(format1));
    expect(relay.output()).not.toContain('"level":50');
  });

  it('was stored: after another restart it is format 2 and was not moved twice', async () => {
    relay = await relay.restart();
    const doc = await receive(relay, room, RELAY_PROTOCOL_VERSION);
    expect(readRoom(doc).formatVersion).toBe(2);
    expect(roomRoots(doc).timelineEntries.size).toBe(roomRoots(format1).timeline.length);
    expect(seen(doc)).toEqual(seen(format1));
  });

  it('refuses an app of format 1 with ProtocolMismatch, which tells its person to update', async () => {
    const socket = await openRawSocketOrThrow(
      `${relay.wsRoomsUrl}/${room.id}?key=${encodeURIComponent(room.writeKey)}&protocol=${FORMAT_1_PROTOCOL_VERSION}`,
    );
    const closed = await socket.closed;
    expect(closed.code).toBe(CloseCode.ProtocolMismatch);
    const mismatch = parseProtocolMismatchReason(closed.reason);
    expect(mismatch).toEqual({
      relayVersion: RELAY_PROTOCOL_VERSION,
      clientVersion: FORMAT_1_PROTOCOL_VERSION,
    });
    expect(describeProtocolMismatch(mismatch!)).toMatch(/Update the app\.$/);
    // Refused before the room was sent: not one frame of it reached the old app.
    expect(socket.received).toEqual([]);
  });
});
