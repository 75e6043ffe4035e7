import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/relay-clients';
import { startRealRedis, type RealRedis } from '../testing/real-redis';
import { RoomFanOut, roomStreamKey, type FannedOutUpdate } from './room-fan-out';

// The fan-out between relays against a real redis-server (one for the file). Each RoomFanOut
// plays one relay, with its own connections.
let redis: RealRedis;
const opened: RoomFanOut[] = [];

beforeAll(async () => {
  redis = await startRealRedis();
});
afterAll(async () => {
  await Promise.all(opened.map((fanOut) => fanOut.close()));
  await redis?.destroy();
});

async function relay(relayId: string, blockMs?: number): Promise<RoomFanOut> {
  const fanOut = await RoomFanOut.connect(redis.url, {
    relayId,
    ...(blockMs !== undefined ? { blockMs } : {}),
    onError: () => undefined,
  });
  opened.push(fanOut);
  return fanOut;
}

function collect(into: FannedOutUpdate[]): (update: FannedOutUpdate) => void {
  return (update) => void into.push(update);
}

const bytes = (seq: number): Uint8Array => new Uint8Array([seq % 256, 0, 255, seq >> 8]);

describe('RoomFanOut', () => {
  it('two relays see every update of a room, in order, and none of another room', async () => {
    const [writer, first, second] = await Promise.all([relay('w'), relay('r1'), relay('r2')]);
    const seen: FannedOutUpdate[][] = [[], []];
    await first.subscribe('incident-a', collect(seen[0]!));
    await second.subscribe('incident-a', collect(seen[1]!));
    for (let seq = 1; seq <= 200; seq += 1) {
      await writer.publish('incident-a', seq, bytes(seq));
      if (seq % 10 === 0) await writer.publish('incident-b', seq, bytes(seq));
    }
    for (const updates of seen) {
      await waitFor(() => updates.length === 200, 'all 200 updates of incident-a');
      expect(updates.map((u) => u.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(updates.every((u) => u.roomId === 'incident-a' && u.origin === 'w')).toBe(true);
      expect(updates[41]!.update).toEqual(bytes(42));
    }
    expect(seen[0]!.map((u) => u.id)).toEqual(seen[1]!.map((u) => u.id));
  });

  it('starts a room subscribed while a read is blocked at once (not after the block)', async () => {
    const [writer, reader] = await Promise.all([relay('w'), relay('r', 20_000)]);
    await reader.subscribe('quiet-room', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the read is now blocked
    const seen: FannedOutUpdate[] = [];
    await reader.subscribe('busy-room', collect(seen));
    await writer.publish('busy-room', 1, bytes(1));
    await waitFor(() => seen.length === 1, 'the new room’s update', 5_000);
  });

  it('a relay that restarts resumes from the last id it delivered, missing nothing', async () => {
    const [writer, before] = await Promise.all([relay('w'), relay('r')]);
    const seen: FannedOutUpdate[] = [];
    await before.subscribe('resume-room', collect(seen));
    for (let seq = 1; seq <= 5; seq += 1) await writer.publish('resume-room', seq, bytes(seq));
    await waitFor(() => seen.length === 5, 'the first five');
    const lastId = before.lastDeliveredId('resume-room')!;
    await before.close();
    for (let seq = 6; seq <= 9; seq += 1) await writer.publish('resume-room', seq, bytes(seq));
    const after = await relay('r');
    const missed: FannedOutUpdate[] = [];
    await after.subscribe('resume-room', collect(missed), lastId);
    await waitFor(() => missed.length === 4, 'the four published while it was away');
    expect(missed.map((u) => u.seq)).toEqual([6, 7, 8, 9]);
  });

  it('rides out a Redis restart: publishes fail while it is away, then both sides resume', async () => {
    const [writer, reader] = await Promise.all([relay('w'), relay('r')]);
    const seen: FannedOutUpdate[] = [];
    await reader.subscribe('restart-room', collect(seen));
    for (let seq = 1; seq <= 3; seq += 1) await writer.publish('restart-room', seq, bytes(seq));
    await waitFor(() => seen.length === 3, 'the updates before the restart');

    expect(await writer.reachable()).toBe(true);
    await redis.stop();
    expect(await writer.reachable()).toBe(false);
    await expect(writer.publish('restart-room', 4, bytes(4))).rejects.toThrow();
    await redis.start();
    // Both clients reconnect by themselves; the first publish may still meet the old socket.
    await waitFor(
      async () => (await writer.publish('restart-room', 4, bytes(4)).catch(() => null)) !== null,
      'a publish after the restart',
    );
    expect(await writer.reachable()).toBe(true);
    for (let seq = 5; seq <= 6; seq += 1) await writer.publish('restart-room', seq, bytes(seq));
    await waitFor(() => seen.length === 6, 'the updates after the restart', 15_000);
    expect(seen.map((u) => u.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    // The append-only file kept the entries from before the restart too.
    const late: FannedOutUpdate[] = [];
    await (await relay('late')).subscribe('restart-room', collect(late), '0-0');
    await waitFor(() => late.length === 6, 'the whole stream from its start');
  });

  it('trims each room stream to about its maximum length, and lets a quiet one expire', async () => {
    const writer = await RoomFanOut.connect(redis.url, {
      relayId: 'w',
      maxEntriesPerRoom: 100,
      streamIdleMs: 120_000,
    });
    opened.push(writer);
    for (let seq = 1; seq <= 400; seq += 1) await writer.publish('long-room', seq, bytes(seq));
    const client = await createClient({ url: redis.url }).connect();
    try {
      const length = await client.xLen(roomStreamKey('long-room'));
      // `MAXLEN ~` trims whole internal nodes (100 entries each by default): at least 100 stay.
      expect(length).toBeGreaterThanOrEqual(100);
      expect(length).toBeLessThanOrEqual(300);
      const ttl = await client.pTTL(roomStreamKey('long-room'));
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(120_000);
    } finally {
      client.destroy();
    }
  });
});
