import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAY_PROTOCOL_VERSION, RELAY_TIME_HEADER } from '../../shared/protocol/relay-protocol';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';
import { createTestRoom } from '../testing/create-test-room';
import { connectStockClient, waitForSynced } from '../testing/relay-clients';
import { fetchHealth, fetchMetric } from '../testing/relay-http';

const TOKEN = 'creation-secret-for-tests';
let relay: SpawnedRelay;

beforeAll(async () => {
  relay = await spawnRelay({ creationToken: TOKEN });
});
afterAll(async () => {
  await relay.stop();
});

function postRooms(body: string, authorization?: string) {
  return fetch(`${relay.url}/rooms`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body,
  });
}

describe('POST /rooms', () => {
  it('needs the creation token when the relay has one', async () => {
    expect((await postRooms('{}')).status).toBe(401);
    expect((await postRooms('{}', 'Bearer wrong')).status).toBe(403);
    expect((await postRooms('{}', `Bearer ${TOKEN}`)).status).toBe(201);
  });

  it('creates rooms with long random keys and stores only their verifiers', async () => {
    const response = await postRooms(JSON.stringify({ id: 'db-outage-7' }), `Bearer ${TOKEN}`);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; writeKey: string; readKey: string };
    expect(created.id).toBe('db-outage-7');
    for (const key of [created.writeKey, created.readKey]) {
      // base64url of at least 16 bytes (128 bits)
      expect(key).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    }
    expect(created.writeKey).not.toBe(created.readKey);
    const generated = await createTestRoom(relay.url, { creationToken: TOKEN });
    expect(generated.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);

    // Neither key appears anywhere in the relay's files (database, WAL, anything else).
    const files = readdirSync(relay.dataDir).map((name) => readFileSync(join(relay.dataDir, name)));
    for (const key of [created.writeKey, created.readKey, generated.writeKey]) {
      expect(files.some((content) => content.includes(key))).toBe(false);
    }
  });

  it('refuses duplicate ids, bad ids and bad bodies', async () => {
    const auth = `Bearer ${TOKEN}`;
    await postRooms(JSON.stringify({ id: 'taken' }), auth);
    expect((await postRooms(JSON.stringify({ id: 'taken' }), auth)).status).toBe(409);
    expect((await postRooms(JSON.stringify({ id: '../etc' }), auth)).status).toBe(400);
    expect((await postRooms(JSON.stringify({ id: 'x'.repeat(65) }), auth)).status).toBe(400);
    const wrongType = await postRooms(JSON.stringify({ id: 7 }), auth);
    expect(wrongType.status).toBe(400);
    // The body names the field and the reason (the one validation message style).
    expect(await wrongType.json()).toEqual({ error: 'id: expected string, got a number' });
    const unknownField = await postRooms(JSON.stringify({ name: 'extra' }), auth);
    expect(unknownField.status).toBe(400);
    expect(((await unknownField.json()) as { error: string }).error).toMatch(/^name: unknown key/);
    const broken = await postRooms('{"id": ', auth);
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: 'the body is not valid JSON' });
  });
});

describe('GET /healthz and /metrics', () => {
  it('reports health with the relay clock in the body and in a header', async () => {
    const before = Date.now();
    const response = await fetch(`${relay.url}/healthz`);
    const after = Date.now();
    expect(response.status).toBe(200);
    const header = Number(response.headers.get(RELAY_TIME_HEADER));
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: true, protocolVersion: RELAY_PROTOCOL_VERSION });
    expect(typeof body.version).toBe('string');
    expect(typeof body.uptimeSeconds).toBe('number');
    for (const time of [header, body.time as number]) {
      expect(time).toBeGreaterThanOrEqual(before - 1);
      expect(time).toBeLessThanOrEqual(after + 1);
    }
  });

  it('counts rooms and connections in health and metrics', async () => {
    const room = await createTestRoom(relay.url, { creationToken: TOKEN });
    const client = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
    await waitForSynced(client.provider);
    client.doc.getArray<string>('lines').push(['counted']);
    const health = await fetchHealth(relay.url);
    expect(health.roomsLoaded).toBeGreaterThanOrEqual(1);
    expect(health.connections).toBe(1);
    expect(await fetchMetric(relay.url, 'relay_connections')).toBe(1);
    expect(await fetchMetric(relay.url, 'relay_messages_received_total')).toBeGreaterThan(0);
    expect(await fetchMetric(relay.url, 'relay_bytes_sent_total')).toBeGreaterThan(0);
    client.provider.destroy();
  });

  it('exposes every documented metric in Prometheus text', async () => {
    const response = await fetch(`${relay.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get(RELAY_TIME_HEADER)).toMatch(/^\d+$/);
    const text = await response.text();
    for (const name of [
      'relay_connections',
      'relay_rooms_loaded',
      'relay_messages_received_total',
      'relay_messages_sent_total',
      'relay_bytes_received_total',
      'relay_bytes_sent_total',
      'relay_persist_duration_seconds',
      'relay_auth_refusals_total',
      'relay_read_only_updates_dropped_total',
      'relay_closes_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    // The creation-token refusals of the first test were counted.
    expect(await fetchMetric(relay.url, 'relay_auth_refusals_total')).toBeGreaterThanOrEqual(2);
  });

  it('answers unknown paths and wrong methods with JSON errors and the clock header', async () => {
    const missing = await fetch(`${relay.url}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get(RELAY_TIME_HEADER)).toMatch(/^\d+$/);
    const wrongMethod = await fetch(`${relay.url}/rooms`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });
});
