import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MESSAGE_CONFIRMED, MESSAGE_SYNC } from '../../shared/protocol/relay-protocol';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';
import { createTestRoom } from '../testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from '../testing/relay-clients';
import {
  lineUpdate,
  messageType,
  openRawSocketOrThrow,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
  type RawRelaySocket,
} from '../testing/raw-relay-socket';

// These tests start the relay more than once; each start is a fresh node process.
const RESTARTS_TEST_TIMEOUT_MS = 60_000;

const relays: SpawnedRelay[] = [];
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.kill();
});

async function startRelay(): Promise<SpawnedRelay> {
  const relay = await spawnRelay({ args: ['--confirm-delay-ms', '20'] });
  relays.push(relay);
  return relay;
}

function confirmations(socket: RawRelaySocket): Map<number, number>[] {
  return socket.received
    .filter((frame) => messageType(frame) === MESSAGE_CONFIRMED)
    .map((frame) => {
      const decoder = decoding.createDecoder(frame);
      decoding.readVarUint(decoder);
      return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    });
}

/** Whether everything in `doc` is covered by the confirmed state vector. */
function covers(confirmed: Map<number, number> | undefined, doc: Y.Doc): boolean {
  if (!confirmed) return false;
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if ((confirmed.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/** Plays a host's side of the initial sync, as y-websocket does. */
async function handshake(socket: RawRelaySocket, doc: Y.Doc): Promise<void> {
  socket.send(syncStep1Frame(doc));
  await socket.nextFrame((frame) => messageType(frame) === MESSAGE_SYNC);
  socket.send(syncStep2Frame(Y.encodeStateAsUpdate(doc)));
}

describe('MESSAGE_CONFIRMED for hosts that ask with ?confirm=1', () => {
  it(
    'confirms once after the initial sync, then coalesced after this connection’s updates are stored',
    async () => {
      const relay = await startRelay();
      const room = await createTestRoom(relay.url);
      const url = `${relay.wsRoomsUrl}/${room.id}?key=${room.writeKey}&confirm=1`;

      // Offline work the host brings to its first sync must be covered by the first confirm.
      const host = new Y.Doc();
      host.getArray<string>('lines').push(['written offline']);
      const socket = await openRawSocketOrThrow(url);
      await handshake(socket, host);
      await waitFor(() => confirmations(socket).length === 1, 'the initial confirmation');
      expect(covers(confirmations(socket)[0], host)).toBe(true);

      // A burst of updates yields fewer confirmations than updates, the last covering them all.
      for (let i = 0; i < 25; i++) socket.send(updateFrame(lineUpdate(`burst ${i}`, host)));
      await waitFor(
        () => covers(confirmations(socket).at(-1), host),
        'a confirmation of the burst',
      );
      const afterBurst = confirmations(socket).length - 1;
      expect(afterBurst).toBeGreaterThanOrEqual(1);
      expect(afterBurst).toBeLessThan(25);

      // What was confirmed survives a crash of the relay.
      socket.ws.terminate();
      await relay.kill();
      const restarted = await relay.restart();
      relays.push(restarted);
      const reader = connectStockClient(restarted.wsRoomsUrl, room.id, room.readKey);
      await waitForSynced(reader.provider);
      expect(reader.doc.getArray('lines').length).toBe(26);
      reader.provider.destroy();
    },
    RESTARTS_TEST_TIMEOUT_MS,
  );

  it('does not confirm other clients’ updates to a quiet host, and never confirms a read-only write', async () => {
    const relay = await startRelay();
    const room = await createTestRoom(relay.url);
    const quiet = await openRawSocketOrThrow(
      `${relay.wsRoomsUrl}/${room.id}?key=${room.writeKey}&confirm=1`,
    );
    await handshake(quiet, new Y.Doc());
    await waitFor(() => confirmations(quiet).length === 1, 'the initial confirmation');

    const readOnly = await openRawSocketOrThrow(
      `${relay.wsRoomsUrl}/${room.id}?key=${room.readKey}&confirm=1`,
    );
    const readerDoc = new Y.Doc();
    await handshake(readOnly, readerDoc);
    await waitFor(() => confirmations(readOnly).length === 1, 'the reader’s initial confirmation');
    readOnly.send(updateFrame(lineUpdate('read-only attempt', readerDoc)));

    const writer = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
    await waitForSynced(writer.provider);
    writer.doc.getArray<string>('lines').push(['from someone else']);
    await quiet.nextFrame((frame) => messageType(frame) === MESSAGE_SYNC && frame.length > 20);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(confirmations(quiet)).toHaveLength(1);
    // The read-only connection's own edit was dropped, so its confirmations never cover it.
    expect(confirmations(readOnly).every((confirmed) => !covers(confirmed, readerDoc))).toBe(true);
    writer.provider.destroy();
  });

  it('never sends a confirmation to a stock client that did not ask', async () => {
    const relay = await startRelay();
    const room = await createTestRoom(relay.url);
    const plain = await openRawSocketOrThrow(`${relay.wsRoomsUrl}/${room.id}?key=${room.writeKey}`);
    const doc = new Y.Doc();
    await handshake(plain, doc);
    plain.send(updateFrame(lineUpdate('one', doc)));
    // The stock provider alongside would log "Unable to compute message" on an unknown type.
    const stock = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
    await waitForSynced(stock.provider);
    stock.doc.getArray<string>('lines').push(['two']);
    await waitFor(() => stock.doc.getArray('lines').length === 2, 'both lines at the stock client');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(plain.received.some((frame) => messageType(frame) === MESSAGE_CONFIRMED)).toBe(false);
    stock.provider.destroy();
  });
});
