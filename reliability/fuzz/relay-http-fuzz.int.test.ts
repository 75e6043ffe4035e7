/**
 * Malformed requests to the relay's HTTP API: `POST /rooms` and `POST /rooms/<id>/events` with
 * bad JSON, wrong types, near-valid events (fast-check), huge bodies and slow bodies.
 * Invariants: every answer is a documented status with a JSON `error` when refused, a refused
 * event changes nothing (the target room grows by exactly the accepted events), the control room
 * is untouched, and the relay stays up with bounded memory. FUZZ_RUNS scales the property runs.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ENTRY_KINDS, MILESTONES } from '../../shared/doc/enums';
import { buildSeed004Room } from '../../shared/fixtures';
import { declareIncident } from '../../shared/ops';
import { readRoom } from '../../shared/read';
import { spawnRelay, type SpawnedRelay } from '../../server/testing/spawn-relay';
import { createTestRoom, type CreatedRoom } from '../../server/testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from '../../server/testing/relay-clients';
import { healthz, relayRoomDigest, relayRssBytes } from './relay-probes';

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);

let relay: SpawnedRelay;
let control: CreatedRoom;
let target: CreatedRoom;
let watcher: ReturnType<typeof connectStockClient>;
let controlBefore: string;
let baselineRss: number;
const counts = { requests: 0, accepted: 0, refused: new Map<number, number>() };

beforeAll(async () => {
  relay = await spawnRelay({ startTimeoutMs: 60_000 });
  [control, target] = await Promise.all([
    createTestRoom(relay.url, { id: 'control' }),
    createTestRoom(relay.url, { id: 'events-target' }),
  ]);
  const controlWriter = connectStockClient(relay.wsRoomsUrl, control.id, control.writeKey);
  const ic = connectStockClient(relay.wsRoomsUrl, target.id, target.writeKey);
  watcher = connectStockClient(relay.wsRoomsUrl, target.id, target.readKey);
  await Promise.all([controlWriter, ic, watcher].map((client) => waitForSynced(client.provider)));
  buildSeed004Room(controlWriter.doc);
  declareIncident(
    ic.doc,
    { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now },
    { title: 'HTTP fuzz', severity: 'SEV3' },
  );
  await waitFor(() => readRoom(watcher.doc).declared, 'the declaration');
  const controlReader = connectStockClient(relay.wsRoomsUrl, control.id, control.readKey);
  await waitFor(
    () =>
      Y.encodeStateVector(controlReader.doc).join() ===
      Y.encodeStateVector(controlWriter.doc).join(),
    'the control room on the relay',
  );
  for (const client of [controlWriter, ic, controlReader]) client.provider.destroy();
  controlBefore = (await relayRoomDigest(relay, control.id, control.readKey)).digest;
  baselineRss = relayRssBytes(relay);
}, 60_000);

afterAll(async () => {
  watcher.provider.destroy();
  console.log(
    `relay HTTP fuzz: ${counts.requests} requests, ${counts.accepted} accepted, refused by status ${JSON.stringify(Object.fromEntries(counts.refused))}`,
  );
  await relay.stop('SIGKILL');
});

interface Answer {
  status: number;
  body: unknown;
}

async function post(path: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${relay.url}${path}`, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  counts.requests += 1;
  if (response.status < 300) counts.accepted += 1;
  else counts.refused.set(response.status, (counts.refused.get(response.status) ?? 0) + 1);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    parsed = { unparsable: text };
  }
  return { status: response.status, body: parsed };
}

function expectClearRefusal(answer: Answer, allowed: readonly number[]): void {
  expect(allowed, JSON.stringify(answer)).toContain(answer.status);
  if (answer.status >= 400) {
    const error = (answer.body as { error?: unknown }).error;
    expect(typeof error, JSON.stringify(answer)).toBe('string');
    expect((error as string).length).toBeGreaterThan(3);
  }
}

const contentType = fc.constantFrom<Record<string, string>>(
  { 'content-type': 'application/json' },
  { 'content-type': 'application/json; charset=utf-8' },
  { 'content-type': 'text/plain' },
  { 'content-type': 'application/x-www-form-urlencoded' },
  {},
);

/** Near-valid events: the right field names with right, wrong and hostile values. */
const eventLike = fc.record(
  {
    text: fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string()),
    ),
    kind: fc.oneof(fc.constantFrom(...ENTRY_KINDS), fc.string({ maxLength: 12 }), fc.integer()),
    at: fc.oneof(
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc.integer({ min: -1e15, max: 1e15 }),
      fc.string({ maxLength: 30 }),
    ),
    author: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.record({ id: fc.string(), name: fc.string() }),
      fc.anything(),
    ),
    milestone: fc.oneof(fc.constantFrom(...MILESTONES), fc.string({ maxLength: 12 })),
    __proto__: fc.anything(),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

/** Bodies: valid JSON of any shape, near-valid events, mutated event text, and raw strings. */
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  eventLike.map((value) => JSON.stringify(value)),
  fc
    .tuple(
      eventLike.map((value) => JSON.stringify(value)),
      fc.nat(),
      fc.string({ maxLength: 3 }),
    )
    .map(
      ([text, at, insert]) =>
        text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)),
    ),
  fc.string({ maxLength: 300 }),
  fc.nat({ max: 40_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
);

describe('malformed requests to the HTTP API', () => {
  it(`POST /rooms/<id>/events: ${RUNS} generated bodies, each a clear answer; refused ones change nothing`, async () => {
    const idsBefore = new Set(readRoom(watcher.doc).timeline.map((entry) => entry.id));
    const acceptedIds = new Set<string>();
    let acceptedMilestones = 0;
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, headers) => {
        const answer = await post(`/rooms/${target.id}/events`, text, {
          ...headers,
          authorization: `Bearer ${target.writeKey}`,
        });
        // 413: the body is over the limit (a script splits it and retries; docs/RELAY.md).
        expectClearRefusal(answer, [201, 400, 409, 413]);
        if (answer.status === 201) {
          // A body that happens to be an array is the batch form: all its events were written.
          const accepted = answer.body as { id?: string; ids?: string[] };
          for (const id of accepted.ids ?? [accepted.id]) if (id !== undefined) acceptedIds.add(id);
          const parsed = JSON.parse(text) as unknown;
          for (const event of Array.isArray(parsed) ? parsed : [parsed]) {
            if ((event as { milestone?: unknown }).milestone !== undefined) acceptedMilestones += 1;
          }
        }
      }),
      { numRuns: RUNS },
    );
    // A probe entry, so every earlier broadcast has arrived before counting.
    const probe = await post(`/rooms/${target.id}/events`, JSON.stringify({ text: 'probe' }), {
      'content-type': 'application/json',
      authorization: `Bearer ${target.writeKey}`,
    });
    expect(probe.status).toBe(201);
    const probeId = (probe.body as { id: string }).id;
    await waitFor(
      () => readRoom(watcher.doc).timeline.some((entry) => entry.id === probeId),
      'the probe',
    );
    // Everything new is an accepted event, or the milestone entry an accepted event set.
    const added = readRoom(watcher.doc).timeline.filter((entry) => !idsBefore.has(entry.id));
    const unexplained = added.filter(
      (entry) => !acceptedIds.has(entry.id) && entry.id !== probeId && entry.kind !== 'milestone',
    );
    expect(unexplained).toEqual([]);
    expect(added.filter((entry) => acceptedIds.has(entry.id)).length).toBe(acceptedIds.size);
    expect(
      added.filter((entry) => entry.kind === 'milestone' && !acceptedIds.has(entry.id)).length,
    ).toBeLessThanOrEqual(acceptedMilestones);
  }, 180_000);

  it(`POST /rooms: ${Math.round(RUNS / 2)} generated bodies, each a clear answer`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          body,
          fc
            .record({
              id: fc.oneof(
                fc.string({ maxLength: 80 }),
                fc.integer(),
                fc.constant('../etc'),
                fc.constant('a\u0000b'),
                fc.constant('room\r\nx'),
              ),
            })
            .map((value) => JSON.stringify(value)),
        ),
        contentType,
        async (text, headers) => {
          const answer = await post('/rooms', text, headers);
          expectClearRefusal(answer, [201, 400, 409, 413]);
          if (answer.status === 201) {
            const created = answer.body as { id: string; writeKey: string; readKey: string };
            expect(created.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
            expect(created.writeKey.length).toBeGreaterThan(20);
          }
        },
      ),
      { numRuns: Math.round(RUNS / 2) },
    );
  }, 120_000);

  it('refuses huge bodies early, declared or streamed, without growing the relay', async () => {
    const huge = 'x'.repeat(20 * 1024 * 1024);
    for (const path of ['/rooms', `/rooms/${target.id}/events`]) {
      const declared = await rawPost(path, [huge], true);
      expect(declared.status).toBe(413);
      expect(declared.error).toMatch(/larger than/);
      // No content-length: the relay must stop reading at the limit, not buffer 20 MB.
      const streamed = await rawPost(
        path,
        Array.from({ length: 40 }, () => huge.slice(0, 512 * 1024)),
        false,
      );
      expect(streamed.status).toBe(413);
      expect(streamed.error).toMatch(/larger than/);
    }
    expect(relayRssBytes(relay) - baselineRss).toBeLessThan(150 * 1024 * 1024);
  }, 60_000);

  it('keeps serving while 20 slow bodies trickle in', async () => {
    const slow = Array.from({ length: 20 }, () => slowPost(`/rooms/${target.id}/events`));
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const started = Date.now();
      const ok = await post(
        `/rooms/${target.id}/events`,
        JSON.stringify({ text: 'during the trickle' }),
        {
          'content-type': 'application/json',
          authorization: `Bearer ${target.writeKey}`,
        },
      );
      expect(ok.status).toBe(201);
      expect((await healthz(relay)).ok).toBe(true);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      for (const request of slow) request.destroy();
    }
  });

  it('ends with the relay up, bounded, and the control room unchanged', async () => {
    expect((await healthz(relay)).ok).toBe(true);
    expect(relayRssBytes(relay) - baselineRss).toBeLessThan(150 * 1024 * 1024);
    expect((await relayRoomDigest(relay, control.id, control.readKey)).digest).toBe(controlBefore);
  });
});

/** A POST through node:http, so an early answer is read even while the body is still going. */
function rawPost(
  path: string,
  chunks: string[],
  declareLength: boolean,
): Promise<{ status: number; error: string }> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
    const req = request(`${relay.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${target.writeKey}`,
        ...(declareLength ? { 'content-length': String(length) } : {}),
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer to a huge body in 20 s'));
    }, 20_000);
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        clearTimeout(timer);
        counts.requests += 1;
        counts.refused.set(
          response.statusCode ?? 0,
          (counts.refused.get(response.statusCode ?? 0) ?? 0) + 1,
        );
        resolve({
          status: response.statusCode ?? 0,
          error: (JSON.parse(text) as { error: string }).error,
        });
        req.destroy();
      });
    });
    // The relay may close its side once it has answered: that is the point, not a failure.
    req.on('error', () => undefined);
    const write = (index: number): void => {
      if (index >= chunks.length || req.destroyed) {
        if (!req.destroyed) req.end();
        return;
      }
      req.write(chunks[index], () => write(index + 1));
    };
    write(0);
  });
}

/** A request that declares 1000 bytes and sends one every 100 ms. */
function slowPost(path: string): { destroy: () => void } {
  const req = request(`${relay.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': '1000',
      authorization: `Bearer ${target.writeKey}`,
    },
  });
  req.on('error', () => undefined);
  req.on('response', (response) => response.resume());
  req.flushHeaders();
  const timer = setInterval(() => req.write(' '), 100);
  return {
    destroy: () => {
      clearInterval(timer);
      req.destroy();
    },
  };
}
