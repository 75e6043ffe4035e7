/**
 * Random and mutated y-protocols frames against a real relay process. Invariants: the relay
 * never goes down or hangs, its memory stays bounded, every refusal is a documented close
 * code, the control room and the bystander room are untouched, and the fuzzed room itself
 * still loads (also after a restart). FUZZ_FRAMES and FUZZ_SEED scale and replay the run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildSeed004Room } from '../../shared/fixtures';
import { CloseCode } from '../../shared/protocol/close-codes';
import { spawnRelay, type SpawnedRelay } from '../../server/testing/spawn-relay';
import { createTestRoom, type CreatedRoom } from '../../server/testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from '../../server/testing/relay-clients';
import {
  openRawSocketOrThrow,
  syncStep1Frame,
  type RawRelaySocket,
} from '../../server/testing/raw-relay-socket';
import { pick, seededRandom } from '../fault-proxy/seeded-random';
import { MUTATIONS, mutate, validFrames, type Mutation } from './frame-mutations';
import { healthz, relayRoomDigest, relayRssBytes } from './relay-probes';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const MAX_MESSAGE_BYTES = 256 * 1024;
/** Close codes a refusal of bad frames may carry (RELAY.md); 1009 is the websocket layer's. */
const DOCUMENTED_CLOSES = new Set<number>([
  CloseCode.MalformedMessage,
  CloseCode.MessageTooLarge,
  CloseCode.RateLimited,
  1009,
]);

let relay: SpawnedRelay;
let control: CreatedRoom;
let bystander: CreatedRoom;
let target: CreatedRoom;
let controlBefore: string;

beforeAll(async () => {
  relay = await spawnRelay({
    args: [
      '--max-message-bytes',
      String(MAX_MESSAGE_BYTES),
      // Fuzz volume, not rate limits, is under test here (relay-refusals covers the limits).
      '--message-burst',
      '100000',
      '--messages-per-second',
      '100000',
      '--read-only-awareness-burst',
      '100000',
      '--read-only-awareness-per-second',
      '100000',
    ],
  });
  [control, bystander, target] = await Promise.all([
    createTestRoom(relay.url, { id: 'control' }),
    createTestRoom(relay.url, { id: 'bystander' }),
    createTestRoom(relay.url, { id: 'fuzz-target' }),
  ]);
  const writer = connectStockClient(relay.wsRoomsUrl, control.id, control.writeKey);
  await waitForSynced(writer.provider);
  buildSeed004Room(writer.doc);
  const reader = connectStockClient(relay.wsRoomsUrl, control.id, control.readKey);
  await waitFor(
    () => Y.encodeStateVector(reader.doc).join() === Y.encodeStateVector(writer.doc).join(),
    'the control room on the relay',
  );
  writer.provider.destroy();
  reader.provider.destroy();
  controlBefore = (await relayRoomDigest(relay, control.id, control.readKey)).digest;
}, 60_000);

afterAll(async () => {
  await relay.stop('SIGKILL');
});

it(`survives ${FRAMES} mutated frames (seed ${SEED})`, async () => {
  const random = seededRandom(SEED);
  const bases = validFrames();
  const baselineRss = relayRssBytes(relay);
  let maxRss = baselineRss;
  const closes = new Map<number, number>();
  const byMutation = new Map<Mutation, number>();
  let accepted = 0;
  let sockets = 0;
  let socket: RawRelaySocket | null = null;
  let closedCode: number | null = null;
  const probe = syncStep1Frame(new Y.Doc());

  for (let i = 0; i < FRAMES; i += 1) {
    if (socket === null) {
      // A fifth of the sockets are read-only: their path must refuse the same way.
      const key = random() < 0.2 ? target.readKey : target.writeKey;
      socket = await openRawSocketOrThrow(`${relay.wsRoomsUrl}/${target.id}?key=${key}`);
      sockets += 1;
      closedCode = null;
      const current = socket;
      void current.closed.then(({ code }) => {
        if (socket === current) closedCode = code;
      });
    }
    const mutation = pick(random, MUTATIONS);
    byMutation.set(mutation, (byMutation.get(mutation) ?? 0) + 1);
    const frame = mutate(pick(random, bases), mutation, random, pick(random, bases));
    const repliesBefore = socket.received.length;
    socket.send(frame);
    socket.send(probe);
    // Either the relay answers the probe (the frame was taken or ignored) or it closes.
    const deadline = Date.now() + 5_000;
    while (closedCode === null && socket.received.length === repliesBefore) {
      if (Date.now() > deadline) throw new Error(`relay hung on frame ${i} (${mutation})`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (closedCode !== null) {
      closes.set(closedCode, (closes.get(closedCode) ?? 0) + 1);
      socket = null;
    } else accepted += 1;
    if (i % 250 === 0) maxRss = Math.max(maxRss, relayRssBytes(relay));
  }
  if (socket !== null) socket.ws.close();
  maxRss = Math.max(maxRss, relayRssBytes(relay));

  const summary = {
    frames: FRAMES,
    sockets,
    accepted,
    closes: Object.fromEntries(closes),
    mutations: Object.fromEntries(byMutation),
    rssMiB: { baseline: mib(baselineRss), max: mib(maxRss) },
  };
  console.log(`relay frame fuzz (seed ${SEED}): ${JSON.stringify(summary)}`);

  for (const code of closes.keys()) expect(DOCUMENTED_CLOSES.has(code), `close ${code}`).toBe(true);
  expect(closes.get(CloseCode.MalformedMessage) ?? 0).toBeGreaterThan(FRAMES / 10);
  expect(accepted).toBeGreaterThan(0);
  expect(maxRss - baselineRss).toBeLessThan(200 * 1024 * 1024);
  expect((await healthz(relay)).ok).toBe(true);

  // Other rooms: the control room reads exactly as before, the bystander still carries writes.
  expect((await relayRoomDigest(relay, control.id, control.readKey)).digest).toBe(controlBefore);
  await expectRoomCarriesWrites(bystander);
  // The fuzzed room still loads and still carries writes, also after a restart of the relay.
  await expectRoomCarriesWrites(target);
  relay = await relay.restart();
  expect((await relayRoomDigest(relay, control.id, control.readKey)).digest).toBe(controlBefore);
  await relayRoomDigest(relay, target.id, target.readKey);
  await expectRoomCarriesWrites(target);
}, 300_000);

async function expectRoomCarriesWrites(room: CreatedRoom): Promise<void> {
  const a = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
  const b = connectStockClient(relay.wsRoomsUrl, room.id, room.readKey);
  try {
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    const line = `still here ${Math.random()}`;
    a.doc.getArray<string>('probe').push([line]);
    await waitFor(
      () => b.doc.getArray<string>('probe').toArray().includes(line),
      `a write in ${room.id}`,
    );
  } finally {
    a.provider.destroy();
    b.provider.destroy();
  }
}

function mib(bytes: number): number {
  return Math.round(bytes / 1024 / 102.4) / 10;
}
