/**
 * Attacks on the relay that server/relay-refusals.int.test.ts and capacity.int.test.ts do not
 * already cover: keys of other rooms and of an earlier room with the same id, altered keys,
 * hostile room ids in every path, floods of unauthenticated and idle sockets, slow headers,
 * connection floods from one address (with and without a trusted proxy), and bad-key floods.
 * Each is refused with the status or close code docs/RELAY.md names, and a legitimate client
 * keeps working throughout.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes';
import { spawnRelay, type SpawnedRelay } from '../../server/testing/spawn-relay';
import { createTestRoom, type CreatedRoom } from '../../server/testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from '../../server/testing/relay-clients';
import {
  awarenessFrame,
  awarenessUpdate,
  openRawSocket,
  openRawSocketOrThrow,
} from '../../server/testing/raw-relay-socket';
import { healthz } from '../fuzz/relay-probes';

const PER_ADDRESS = 12;
let relay: SpawnedRelay;
let proxied: SpawnedRelay;
let other: SpawnedRelay;
let room: CreatedRoom;
let second: CreatedRoom;
let earlierLife: CreatedRoom;
let legit: ReturnType<typeof connectStockClient>;
let legitReader: ReturnType<typeof connectStockClient>;

beforeAll(async () => {
  [relay, proxied, other] = await Promise.all([
    spawnRelay({
      startTimeoutMs: 60_000,
      args: [
        '--max-connections-per-address',
        String(PER_ADDRESS),
        '--handshake-timeout-ms',
        '1000',
      ],
    }),
    spawnRelay({
      startTimeoutMs: 60_000,
      args: ['--trust-proxy', '--max-connections-per-address', '4'],
    }),
    spawnRelay({ startTimeoutMs: 60_000 }),
  ]);
  [room, second] = await Promise.all([
    createTestRoom(relay.url, { id: 'payments' }),
    createTestRoom(relay.url, { id: 'search' }),
  ]);
  // The same room id in another relay's life (another data folder): its keys are not this room's.
  earlierLife = await createTestRoom(other.url, { id: 'payments' });
  await other.stop();
  legit = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
  legitReader = connectStockClient(relay.wsRoomsUrl, room.id, room.readKey);
  await Promise.all([waitForSynced(legit.provider), waitForSynced(legitReader.provider)]);
}, 60_000);

afterAll(async () => {
  legit.provider.destroy();
  legitReader.provider.destroy();
  await Promise.all([relay.stop('SIGKILL'), proxied.stop('SIGKILL')]);
});

/** The legitimate writer's next line reaches the reader: the room still works for real people. */
async function expectLegitimateClientWorks(): Promise<void> {
  const line = `legit ${Date.now()} ${Math.random()}`;
  legit.doc.getArray<string>('lines').push([line]);
  await waitFor(
    () => legitReader.doc.getArray<string>('lines').toArray().includes(line),
    'a legitimate write to arrive',
    15_000,
  );
  expect((await healthz(relay)).ok).toBe(true);
}

const wsUrl = (id: string, key?: string): string =>
  `${relay.wsRoomsUrl}/${id}${key !== undefined ? `?key=${encodeURIComponent(key)}` : ''}`;

async function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const outcome = await openRawSocket(url, headers);
  if (outcome.kind === 'open') {
    outcome.socket.ws.close();
    return 101;
  }
  return outcome.status;
}

describe('keys', () => {
  it.each([
    ["another room's read key", () => wsUrl('payments', second.readKey)],
    [
      "the key of an earlier room with the same id (another relay's data)",
      () => wsUrl('payments', earlierLife.writeKey),
    ],
    ["that earlier room's read key", () => wsUrl('payments', earlierLife.readKey)],
    ['the write key upper-cased', () => wsUrl('payments', room.writeKey.toUpperCase())],
    [
      'the write key without its last character',
      () => wsUrl('payments', room.writeKey.slice(0, -1)),
    ],
    ['the write key with one more character', () => wsUrl('payments', `${room.writeKey}A`)],
    ['the write key with a trailing space', () => wsUrl('payments', `${room.writeKey} `)],
    [
      'the read key and write key glued together',
      () => wsUrl('payments', room.readKey + room.writeKey),
    ],
    ['the key verifier instead of the key', () => wsUrl('payments', 'a'.repeat(64))],
    ['a 100 kB key', () => wsUrl('payments', 'k'.repeat(100_000))],
  ])('refuses %s with 403', async (_what, url) => {
    expect([403, 431]).toContain(await upgradeStatus(url()));
    await expectLegitimateClientWorks();
  });

  it('refuses a wrong bearer header even with the right key in the query (the header wins)', async () => {
    expect(
      await upgradeStatus(wsUrl('payments', room.writeKey), {
        authorization: `Bearer ${second.writeKey}`,
      }),
    ).toBe(403);
  });

  it('refuses old and foreign keys on the events API too, and they change nothing', async () => {
    for (const key of [earlierLife.writeKey, second.writeKey, room.readKey]) {
      const response = await fetch(`${relay.url}/rooms/payments/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ text: 'forged' }),
      });
      expect(response.status).toBe(403);
      expect(typeof ((await response.json()) as { error: unknown }).error).toBe('string');
    }
  });
});

describe('presence', () => {
  it("refuses a read-only viewer's presence for a writer's client id (spoofing), keeps its own", async () => {
    const alice = legit.provider.awareness;
    alice.setLocalState({ name: 'Alice', role: 'ic' });
    await waitFor(
      () => legitReader.provider.awareness.getStates().get(legit.doc.clientID)?.name === 'Alice',
      "Alice's presence",
    );
    const clock = alice.meta.get(legit.doc.clientID)?.clock ?? 0;
    const viewer = await openRawSocketOrThrow(wsUrl('payments', room.readKey));
    viewer.send(
      awarenessFrame(
        awarenessUpdate(legit.doc.clientID, clock + 5, { name: 'Mallory', role: 'ic' }),
      ),
    );
    // Its own presence (a fresh client id) still goes through, after the spoof in order.
    viewer.send(awarenessFrame(awarenessUpdate(777_001, 1, { name: 'Viewer' })));
    await waitFor(
      () => legitReader.provider.awareness.getStates().get(777_001)?.name === 'Viewer',
      "the viewer's own presence",
    );
    expect(legitReader.provider.awareness.getStates().get(legit.doc.clientID)).toEqual({
      name: 'Alice',
      role: 'ic',
    });
    expect(alice.getLocalState()).toEqual({ name: 'Alice', role: 'ic' });
    viewer.ws.close();
    await viewer.closed;
  });
});

describe('hostile room ids', () => {
  const ids: Array<[string, string, number[]]> = [
    ['../ encoded', '..%2F..%2Fetc%2Fpasswd', [400]],
    ['a dot-dot segment', '..', [400, 404]],
    ['a NUL', 'pay%00ments', [400]],
    ['CR LF (log injection)', 'pay%0D%0Aments', [400]],
    ['a backslash path', '..%5C..%5Cwindows', [400]],
    ['unicode look-alike', 'p%D0%B0yments', [400]],
    ['65 characters', 'a'.repeat(65), [400]],
    ['a leading dash', '-payments', [400]],
  ];

  it.each(ids)('refuses %s in the websocket path', async (_what, id, statuses) => {
    expect(statuses).toContain(
      await upgradeStatus(`${relay.wsRoomsUrl}/${id}?key=${room.writeKey}`),
    );
  });

  it.each(ids)('refuses %s in the events path', async (_what, id, statuses) => {
    const response = await fetch(`${relay.url}/rooms/${id}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${room.writeKey}` },
      body: JSON.stringify({ text: 'x' }),
    });
    expect([...statuses, 404]).toContain(response.status);
    expect(typeof ((await response.json()) as { error: unknown }).error).toBe('string');
  });

  it("does not let one room's key reach another room through a dot-dot path", async () => {
    // The raw path is sent as is (no client-side normalisation). The relay resolves it like a
    // URL, so /rooms/search/../payments names the payments room: search's key must not open it.
    const status = await rawHttpStatus(
      relay.port,
      `GET /rooms/search/../payments?key=${second.writeKey} HTTP/1.1`,
      true,
    );
    expect(status).toBe(403);
  });
});

describe('socket floods', () => {
  it('drops 200 idle TCP sockets and 50 slow-header sockets while a legitimate client keeps working', async () => {
    const idle = Array.from({ length: 200 }, () => openTcp(relay.port));
    const slow = Array.from({ length: 50 }, () => {
      const socket = openTcp(relay.port);
      // A request line, then one header byte every 200 ms: never a complete request.
      socket.socket.write('GET /rooms/payments HTTP/1.1\r\nHost: x\r\n');
      const timer = setInterval(() => socket.socket.write('X'), 200);
      socket.socket.on('close', () => clearInterval(timer));
      return socket;
    });
    await expectLegitimateClientWorks();
    const started = Date.now();
    await Promise.all([...idle, ...slow].map((socket) => socket.closed));
    // Handshake timeout 1 s (connection check runs every second): all gone within seconds,
    // with room to spare for a busy CI machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    await expectLegitimateClientWorks();
  }, 60_000);

  it('closes authenticated sockets past the per-address limit with OverCapacity, then recovers', async () => {
    // The legitimate writer and reader already use 2 of this address's slots.
    const opened = await Promise.all(
      Array.from({ length: PER_ADDRESS + 8 }, () =>
        openRawSocketOrThrow(wsUrl('search', second.writeKey)),
      ),
    );
    // A harmless first message (query presence), so the handshake timeout is not what closes them.
    for (const socket of opened) socket.send(Uint8Array.from([3]));
    const codes = await Promise.all(
      opened.map(
        (socket) =>
          new Promise<number>((resolve) => {
            void socket.closed.then(({ code }) => resolve(code));
            setTimeout(() => resolve(0), 1_500);
          }),
      ),
    );
    const refused = codes.filter((code) => code === CloseCode.OverCapacity).length;
    expect(refused).toBeGreaterThanOrEqual(10);
    expect(codes.every((code) => code === 0 || code === CloseCode.OverCapacity)).toBe(true);
    for (const socket of opened) socket.ws.close();
    await Promise.all(opened.map((socket) => socket.closed));
    await expectLegitimateClientWorks();
  });

  it('does not let a client dodge the per-address limit with X-Forwarded-For unless the relay trusts a proxy', async () => {
    const spoofed = await Promise.all(
      Array.from({ length: PER_ADDRESS + 4 }, (_unused, index) =>
        openRawSocketOrThrow(wsUrl('search', second.writeKey), {
          'x-forwarded-for': `10.9.0.${index}`,
        }),
      ),
    );
    const codes = await Promise.all(
      spoofed.map(
        (socket) =>
          new Promise<number>((resolve) => {
            void socket.closed.then(({ code }) => resolve(code));
            setTimeout(() => resolve(0), 1_500);
          }),
      ),
    );
    expect(codes.filter((code) => code === CloseCode.OverCapacity).length).toBeGreaterThanOrEqual(
      4,
    );
    for (const socket of spoofed) socket.ws.close();
    await Promise.all(spoofed.map((socket) => socket.closed));
  });

  it('behind a trusted proxy, limits the flooding address while another address keeps working', async () => {
    const target = await createTestRoom(proxied.url, { id: 'behind-proxy' });
    const url = `${proxied.wsRoomsUrl}/${target.id}?key=${target.writeKey}`;
    const flood = await Promise.all(
      Array.from({ length: 20 }, () =>
        openRawSocketOrThrow(url, { 'x-forwarded-for': '203.0.113.66' }),
      ),
    );
    const codes = await Promise.all(
      flood.map(
        (socket) =>
          new Promise<number>((resolve) => {
            void socket.closed.then(({ code }) => resolve(code));
            setTimeout(() => resolve(0), 1_500);
          }),
      ),
    );
    expect(codes.filter((code) => code === CloseCode.OverCapacity).length).toBe(16);
    // The client's own "X-Forwarded-For: 1.2.3.4" does not help: the last hop (the proxy's) counts.
    const smuggled = await openRawSocketOrThrow(url, {
      'x-forwarded-for': '1.2.3.4, 203.0.113.66',
    });
    expect((await smuggled.closed).code).toBe(CloseCode.OverCapacity);
    // Someone else behind the same proxy connects, syncs and writes.
    const fine = await openRawSocketOrThrow(url, { 'x-forwarded-for': '198.51.100.7' });
    fine.send(Uint8Array.from([3]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fine.ws.readyState).toBe(fine.ws.OPEN);
    fine.ws.close();
    for (const socket of flood) socket.ws.close();
  });

  it('answers a burst of 300 bad-key upgrades with 403 each and stays healthy', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 300 }, (_unused, index) =>
        upgradeStatus(wsUrl('payments', `guess-${index}-xxxxxxxx`)),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([403]));
    await expectLegitimateClientWorks();
  });
});

function openTcp(port: number): { socket: net.Socket; closed: Promise<void> } {
  const socket = net.connect({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  return { socket, closed: new Promise((resolve) => socket.on('close', () => resolve())) };
}

/** Sends one raw HTTP request line (an upgrade when `upgrade`) and reads the status code. */
function rawHttpStatus(port: number, requestLine: string, upgrade: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const { socket } = openTcp(port);
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no answer to ${requestLine}`)), 5_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    const upgradeHeaders = upgrade
      ? 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
      : '';
    socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\n${upgradeHeaders}\r\n`);
  });
}
