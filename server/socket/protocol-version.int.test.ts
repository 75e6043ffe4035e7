/**
 * A client declares the protocol version it speaks (`?protocol=N`); a relay of another version
 * closes it with ProtocolMismatch and a reason naming both, and a client that declares nothing
 * is a stock y-websocket client and is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes';
import {
  RELAY_PROTOCOL_VERSION_ENV,
  parseProtocolMismatchReason,
} from '../../shared/protocol/protocol-version';
import { MESSAGE_SYNC, RELAY_PROTOCOL_VERSION } from '../../shared/protocol/relay-protocol';
import { createTestRoom, type CreatedRoom } from '../testing/create-test-room';
import { messageType, openRawSocket, openRawSocketOrThrow } from '../testing/raw-relay-socket';
import { connectStockClient, waitForSynced } from '../testing/relay-clients';
import { fetchHealth } from '../testing/relay-http';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';

const OTHER_VERSION = RELAY_PROTOCOL_VERSION + 1;

function roomUrl(relay: SpawnedRelay, room: CreatedRoom, query: string): string {
  return `${relay.wsRoomsUrl}/${room.id}?key=${encodeURIComponent(room.writeKey)}${query}`;
}

describe('a relay speaking this build’s protocol version', () => {
  let relay: SpawnedRelay;
  let room: CreatedRoom;
  beforeAll(async () => {
    relay = await spawnRelay();
    room = await createTestRoom(relay.url);
  });
  afterAll(async () => {
    await relay.stop();
  });

  it('closes a client that declares another version with ProtocolMismatch, naming both', async () => {
    const socket = await openRawSocketOrThrow(roomUrl(relay, room, `&protocol=${OTHER_VERSION}`));
    const closed = await socket.closed;
    expect(closed.code).toBe(CloseCode.ProtocolMismatch);
    expect(parseProtocolMismatchReason(closed.reason)).toEqual({
      relayVersion: RELAY_PROTOCOL_VERSION,
      clientVersion: OTHER_VERSION,
    });
    // Refused before the room was touched: not one sync frame was sent.
    expect(socket.received).toEqual([]);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toContain(`relay_closes_total{code="${CloseCode.ProtocolMismatch}"} 1`);
  });

  it('checks the version before the key, so an old client hears "update", not "wrong key"', async () => {
    const socket = await openRawSocketOrThrow(
      `${relay.wsRoomsUrl}/${room.id}?key=not-a-key&protocol=${OTHER_VERSION}`,
    );
    expect((await socket.closed).code).toBe(CloseCode.ProtocolMismatch);
  });

  it('serves a client that declares its own version', async () => {
    const socket = await openRawSocketOrThrow(
      roomUrl(relay, room, `&protocol=${RELAY_PROTOCOL_VERSION}`),
    );
    const step1 = await socket.nextFrame((frame) => messageType(frame) === MESSAGE_SYNC);
    expect(step1.byteLength).toBeGreaterThan(0);
    socket.ws.close();
  });

  it('serves the stock y-websocket client, which declares nothing', async () => {
    const client = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey, {
      doc: new Y.Doc(),
    });
    try {
      await waitForSynced(client.provider);
    } finally {
      client.provider.destroy();
    }
  });

  it('refuses a declaration that is not a whole number in the upgrade (400)', async () => {
    const outcome = await openRawSocket(roomUrl(relay, room, '&protocol=two'));
    expect(outcome).toMatchObject({ kind: 'refused', status: 400 });
  });
});

describe(`a relay told to speak another version (${RELAY_PROTOCOL_VERSION_ENV}, test-only)`, () => {
  let relay: SpawnedRelay;
  let room: CreatedRoom;
  beforeAll(async () => {
    relay = await spawnRelay({ env: { [RELAY_PROTOCOL_VERSION_ENV]: String(OTHER_VERSION) } });
    room = await createTestRoom(relay.url);
  });
  afterAll(async () => {
    await relay.stop();
  });

  it('advertises that version on /healthz', async () => {
    expect((await fetchHealth(relay.url)).protocolVersion).toBe(OTHER_VERSION);
  });

  it('closes a client of this build’s version with ProtocolMismatch, naming both', async () => {
    const socket = await openRawSocketOrThrow(
      roomUrl(relay, room, `&protocol=${RELAY_PROTOCOL_VERSION}`),
    );
    const closed = await socket.closed;
    expect(closed.code).toBe(CloseCode.ProtocolMismatch);
    expect(parseProtocolMismatchReason(closed.reason)).toEqual({
      relayVersion: OTHER_VERSION,
      clientVersion: RELAY_PROTOCOL_VERSION,
    });
  });
});
