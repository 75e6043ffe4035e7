import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRawSocket } from '../testing/raw-relay-socket';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';

// POST /rooms with a client-chosen id and keys: what a room made offline first sends, as often
// as it must, to put itself on the relay once.
let relay: SpawnedRelay;

beforeAll(async () => {
  // One room at most: a retry for a room that exists must not count as a new one.
  relay = await spawnRelay({ args: ['--max-rooms', '1'] });
});
afterAll(async () => {
  await relay.stop();
});

const newKey = () => randomBytes(32).toString('base64url');

function postRooms(body: unknown) {
  return fetch(`${relay.url}/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function opens(roomId: string, key: string): Promise<boolean> {
  const outcome = await openRawSocket(`${relay.wsRoomsUrl}/${roomId}?key=${key}`);
  if (outcome.kind === 'open') outcome.socket.ws.close();
  return outcome.kind === 'open';
}

describe('POST /rooms with the id and keys chosen by the client', () => {
  const chosen = { id: 'offline-declared-1', writeKey: newKey(), readKey: newKey() };

  it('creates the room with those keys (201), and answers the same request again with 200', async () => {
    const first = await postRooms(chosen);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual(chosen);
    const again = await postRooms(chosen);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(chosen);
    expect(await opens(chosen.id, chosen.writeKey)).toBe(true);
    expect(await opens(chosen.id, chosen.readKey)).toBe(true);
  });

  it('refuses the id with other keys (409) and leaves the room as it was', async () => {
    const other = await postRooms({ ...chosen, writeKey: newKey() });
    expect(other.status).toBe(409);
    const text = await other.text();
    expect(text).toMatch(/already exists with other keys/);
    expect(text).not.toContain(chosen.writeKey);
    expect(await opens(chosen.id, chosen.writeKey)).toBe(true);
  });

  it('refuses keys without an id, one key alone, equal keys and weak keys (400)', async () => {
    const cases: [unknown, RegExp][] = [
      [{ writeKey: newKey(), readKey: newKey() }, /come together/],
      [{ id: 'x1', writeKey: newKey() }, /come together/],
      [{ id: 'x2', writeKey: chosen.writeKey, readKey: chosen.writeKey }, /must differ/],
      [{ id: 'x3', writeKey: 'short', readKey: newKey() }, /base64url/],
    ];
    for (const [body, message] of cases) {
      const response = await postRooms(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
  });

  it('stores only the verifiers of chosen keys', () => {
    const files = readdirSync(relay.dataDir).map((name) => readFileSync(join(relay.dataDir, name)));
    for (const key of [chosen.writeKey, chosen.readKey]) {
      expect(files.some((content) => content.includes(key))).toBe(false);
    }
  });
});
