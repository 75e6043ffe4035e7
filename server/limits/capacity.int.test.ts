import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';
import { createTestRoom, type CreatedRoom } from '../testing/create-test-room';
import { openRawSocketOrThrow } from '../testing/raw-relay-socket';
import { waitFor } from '../testing/relay-clients';
import { fetchHealth } from '../testing/relay-http';

let relay: SpawnedRelay;
let roomA: CreatedRoom;
let roomB: CreatedRoom;

beforeAll(async () => {
  relay = await spawnRelay({
    args: [
      '--max-connections-per-address',
      '2',
      '--max-loaded-rooms',
      '1',
      '--room-unload-grace-ms',
      '50',
      '--handshake-timeout-ms',
      '500',
    ],
  });
  roomA = await createTestRoom(relay.url);
  roomB = await createTestRoom(relay.url);
});
afterAll(async () => {
  await relay.stop();
});

const url = (room: CreatedRoom) => `${relay.wsRoomsUrl}/${room.id}?key=${room.writeKey}`;

describe('capacity limits close with OverCapacity (retry later)', () => {
  it('limits connections per client address and loaded rooms per relay', async () => {
    const first = await openRawSocketOrThrow(url(roomA));
    const second = await openRawSocketOrThrow(url(roomA));
    const third = await openRawSocketOrThrow(url(roomA));
    expect((await third.closed).code).toBe(CloseCode.OverCapacity);

    second.ws.close();
    await second.closed;
    // A slot is free again, but room A holds the only loaded-room slot.
    const otherRoom = await openRawSocketOrThrow(url(roomB));
    expect((await otherRoom.closed).code).toBe(CloseCode.OverCapacity);

    first.ws.close();
    await first.closed;
    await waitFor(async () => (await fetchHealth(relay.url)).roomsLoaded === 0, 'room A to unload');
    const nowFine = await openRawSocketOrThrow(url(roomB));
    nowFine.send(Uint8Array.from([3])); // query awareness: a harmless first message
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(nowFine.ws.readyState).toBe(nowFine.ws.OPEN);
    nowFine.ws.close();
    await nowFine.closed;
  });

  it('drops a TCP connection that never sends an HTTP request', async () => {
    const started = Date.now();
    const socket = connect(relay.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the idle socket was never closed')), 5_000);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.on('error', () => undefined);
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});

describe('behind a reverse proxy (--trust-proxy)', () => {
  it('counts connections per forwarded client address, not per proxy', async () => {
    const proxied = await spawnRelay({
      args: ['--trust-proxy', '--max-connections-per-address', '1'],
    });
    try {
      const room = await createTestRoom(proxied.url);
      const url = `${proxied.wsRoomsUrl}/${room.id}?key=${room.writeKey}`;
      const alice = await openRawSocketOrThrow(url, { 'x-forwarded-for': '203.0.113.7' });
      // The client's own claim comes first; the proxy appends the address it saw last.
      const bob = await openRawSocketOrThrow(url, {
        'x-forwarded-for': '203.0.113.7, 198.51.100.2',
      });
      const aliceAgain = await openRawSocketOrThrow(url, { 'x-forwarded-for': '203.0.113.7' });
      expect((await aliceAgain.closed).code).toBe(CloseCode.OverCapacity);
      for (const socket of [alice, bob]) {
        socket.send(Uint8Array.from([3]));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect([alice.ws.readyState, bob.ws.readyState]).toEqual([alice.ws.OPEN, bob.ws.OPEN]);
      alice.ws.close();
      bob.ws.close();
    } finally {
      await proxied.kill();
    }
  });
});
