import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol/close-codes';
import { MESSAGE_CONFIRMED, RELAY_TIME_HEADER } from '../shared/protocol/relay-protocol';
import { spawnRelay, type SpawnedRelay } from './testing/spawn-relay';
import { createTestRoom, type CreatedRoom } from './testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from './testing/relay-clients';
import {
  awarenessFrame,
  awarenessUpdate,
  lineUpdate,
  openRawSocket,
  openRawSocketOrThrow,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
} from './testing/raw-relay-socket';

const MAX_MESSAGE_BYTES = 4096;
let relay: SpawnedRelay;
let room: CreatedRoom;
let otherRoom: CreatedRoom;
let writer: ReturnType<typeof connectStockClient>;
let bystander: ReturnType<typeof connectStockClient>;

beforeAll(async () => {
  relay = await spawnRelay({
    args: [
      '--max-message-bytes',
      String(MAX_MESSAGE_BYTES),
      '--handshake-timeout-ms',
      '400',
      '--message-burst',
      '40',
      '--messages-per-second',
      '10',
      '--read-only-awareness-burst',
      '3',
      '--read-only-awareness-per-second',
      '1',
    ],
  });
  room = await createTestRoom(relay.url, { id: 'refusals' });
  otherRoom = await createTestRoom(relay.url, { id: 'bystanders' });
  writer = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
  bystander = connectStockClient(relay.wsRoomsUrl, otherRoom.id, otherRoom.writeKey);
  await Promise.all([waitForSynced(writer.provider), waitForSynced(bystander.provider)]);
  writer.doc.getArray<string>('lines').push(['writer: first line']);
  bystander.doc.getArray<string>('lines').push(['bystander: untouched room']);
});

afterAll(async () => {
  writer.provider.destroy();
  bystander.provider.destroy();
  await relay.stop();
});

const roomUrl = (id: string, key?: string): string =>
  `${relay.wsRoomsUrl}/${id}${key !== undefined ? `?key=${encodeURIComponent(key)}` : ''}`;

async function expectRelayHealthyAndRoomsIntact(): Promise<void> {
  const health = await fetch(`${relay.url}/healthz`);
  expect(health.status).toBe(200);
  expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
  // The other room still syncs and still carries writes both ways.
  const late = connectStockClient(relay.wsRoomsUrl, otherRoom.id, otherRoom.readKey);
  try {
    await waitForSynced(late.provider);
    expect(late.doc.getArray('lines').toArray()).toEqual(bystander.doc.getArray('lines').toArray());
    bystander.doc.getArray<string>('lines').push([`bystander: still here ${Date.now()}`]);
    await waitFor(
      () => late.doc.getArray('lines').length === bystander.doc.getArray('lines').length,
      'a fresh write in the bystander room',
    );
  } finally {
    late.provider.destroy();
  }
}

async function roomLinesFromRelay(): Promise<string[]> {
  const reader = connectStockClient(relay.wsRoomsUrl, room.id, room.readKey);
  try {
    await waitForSynced(reader.provider);
    return reader.doc.getArray<string>('lines').toArray();
  } finally {
    reader.provider.destroy();
  }
}

describe('the relay refuses bad clients in the upgrade', () => {
  it.each([
    ['no key', () => roomUrl('refusals'), {}, 401],
    ['an empty key', () => roomUrl('refusals', ''), {}, 401],
    ['a wrong key', () => roomUrl('refusals', 'guess'), {}, 403],
    ["another room's write key", () => roomUrl('refusals', otherRoom.writeKey), {}, 403],
    ['a wrong bearer header', () => roomUrl('refusals'), { authorization: 'Bearer nope' }, 403],
    ['an unknown room', () => roomUrl('nowhere', 'anything'), {}, 404],
    ['a path that is not a room', () => `${relay.url.replace('http', 'ws')}/elsewhere`, {}, 404],
    ['an invalid room id', () => roomUrl('..%2Fetc', 'k'), {}, 400],
  ] as const)('%s', async (_what, url, headers, status) => {
    const outcome = await openRawSocket(url(), headers);
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.status).toBe(status);
    expect(Number(outcome.headers[RELAY_TIME_HEADER])).toBeGreaterThan(Date.now() - 60_000);
  });

  it('accepts the key as a bearer header too', async () => {
    const socket = await openRawSocketOrThrow(roomUrl('refusals'), {
      authorization: `Bearer ${room.readKey}`,
    });
    socket.ws.close();
    await socket.closed;
  });
});

describe('read-only connections never change the room', () => {
  it('drops document updates from a read-only key and counts them', async () => {
    const before = await roomLinesFromRelay();
    const reader = await openRawSocketOrThrow(roomUrl('refusals', room.readKey));
    const intruder = new Y.Doc();
    reader.send(syncStep1Frame(intruder));
    reader.send(syncStep2Frame(lineUpdate('intruder via step 2', intruder)));
    reader.send(updateFrame(lineUpdate('intruder via update', intruder)));
    // The stock client with a read key edits locally; none of it may leave its machine.
    const stockReader = connectStockClient(relay.wsRoomsUrl, room.id, room.readKey);
    await waitForSynced(stockReader.provider);
    stockReader.doc.getArray<string>('lines').push(['stock read-only edit']);

    await waitFor(
      async () => (await metricValue('relay_read_only_updates_dropped_total')) >= 3,
      'the three dropped updates to be counted',
    );
    expect(await roomLinesFromRelay()).toEqual(before);
    expect(writer.doc.getArray('lines').toArray()).toEqual(before);
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
    stockReader.provider.destroy();
    reader.ws.close();
    await expectRelayHealthyAndRoomsIntact();
  });

  it('rate-limits presence from a read-only key and closes an awareness flood', async () => {
    const seenClocks: number[] = [];
    const floodClient = 987_654;
    writer.provider.awareness.on('change', () => {
      const meta = writer.provider.awareness.meta.get(floodClient);
      if (meta) seenClocks.push(meta.clock);
    });
    const flooder = await openRawSocketOrThrow(roomUrl('refusals', room.readKey));
    for (let clock = 1; clock <= 200; clock++) {
      flooder.send(awarenessFrame(awarenessUpdate(floodClient, clock, { name: `spam ${clock}` })));
    }
    const closed = await flooder.closed;
    expect(closed.code).toBe(CloseCode.RateLimited);
    // Only the read-only presence burst (3) got through before the connection was closed.
    expect(new Set(seenClocks).size).toBeLessThanOrEqual(3);
    expect(new Set(seenClocks).size).toBeGreaterThanOrEqual(1);
    // Its presence goes away with it.
    await waitFor(
      () => !writer.provider.awareness.getStates().has(floodClient),
      'presence removal',
    );
    await expectRelayHealthyAndRoomsIntact();
  });
});

describe('malformed and oversize frames', () => {
  const valid = updateFrame(lineUpdate('valid but altered'));
  const validUpdate = lineUpdate('inner update truncated');
  const cases: Array<[string, Uint8Array | string, number]> = [
    [
      'random bytes',
      Uint8Array.from([0xff, 0xfe, 0x13, 0x37, 0x00, 0x99]),
      CloseCode.MalformedMessage,
    ],
    ['an empty frame', new Uint8Array(0), CloseCode.MalformedMessage],
    ['a sync type with nothing after it', Uint8Array.from([0]), CloseCode.MalformedMessage],
    ['a frame cut short', valid.subarray(0, valid.length - 3), CloseCode.MalformedMessage],
    [
      'a frame with trailing bytes',
      Uint8Array.from([...valid, 1, 2, 3]),
      CloseCode.MalformedMessage,
    ],
    [
      'an update truncated inside a well-formed frame',
      updateFrame(validUpdate.subarray(0, validUpdate.length - 2)),
      CloseCode.MalformedMessage,
    ],
    ['an unknown message type', Uint8Array.from([42, 0]), CloseCode.MalformedMessage],
    [
      'a confirm message from a client',
      Uint8Array.from([MESSAGE_CONFIRMED, 0]),
      CloseCode.MalformedMessage,
    ],
    ['an unknown sync step', Uint8Array.from([0, 7, 0]), CloseCode.MalformedMessage],
    [
      'awareness with broken JSON',
      awarenessFrame(Uint8Array.from([1, 5, 1, 3, 0x7b, 0x7b, 0x7b])),
      CloseCode.MalformedMessage,
    ],
    ['a text frame', 'hello relay', CloseCode.MalformedMessage],
    [
      'a frame over the size limit',
      updateFrame(lineUpdate('x'.repeat(MAX_MESSAGE_BYTES + 10))),
      CloseCode.MessageTooLarge,
    ],
  ];

  it.each(cases)('closes on %s and changes nothing', async (_what, frame, code) => {
    const before = await roomLinesFromRelay();
    const socket = await openRawSocketOrThrow(roomUrl('refusals', room.writeKey));
    socket.send(frame);
    const closed = await socket.closed;
    expect(closed.code).toBe(code);
    expect(await roomLinesFromRelay()).toEqual(before);
    await expectRelayHealthyAndRoomsIntact();
  });

  it('closes a connection that sends faster than its rate limit', async () => {
    const socket = await openRawSocketOrThrow(roomUrl('refusals', room.writeKey));
    const probe = new Y.Doc();
    for (let i = 0; i < 100; i++) socket.send(syncStep1Frame(probe));
    expect((await socket.closed).code).toBe(CloseCode.RateLimited);
    await expectRelayHealthyAndRoomsIntact();
  });

  it('closes a socket that authenticates but never speaks', async () => {
    const socket = await openRawSocketOrThrow(roomUrl('refusals', room.writeKey));
    expect((await socket.closed).code).toBe(CloseCode.IdleTimeout);
  });
});

async function metricValue(name: string): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}
