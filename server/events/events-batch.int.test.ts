import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readRoom } from '../../shared/read/read-room';
import { RELAY_DATABASE_FILE } from '../storage/relay-store';
import type { CreatedRoom } from '../testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from '../testing/relay-clients';
import { fetchMetric } from '../testing/relay-http';
import type { SpawnedRelay } from '../testing/spawn-relay';
import { openDeclaredRoom, type DeclaredRoom } from '../testing/declared-room';
import { MAX_EVENTS_PER_REQUEST } from './events-body';

const MAX_BODY_BYTES = 65_536;

let relay: SpawnedRelay;
let room: CreatedRoom;
let watcher: DeclaredRoom['watcher'];
/** Yjs updates the read-only watcher has received from the relay. */
let watcherUpdates = 0;

let declared: DeclaredRoom;

beforeAll(async () => {
  declared = await openDeclaredRoom([
    ...['--max-event-body-bytes', String(MAX_BODY_BYTES)],
    // The tests count the room's update log rows; no compaction may fold them meanwhile.
    ...['--compact-after-updates', '100000', '--compact-after-bytes', '1000000000'],
  ]);
  ({ relay, room, watcher } = declared);
  watcher.doc.on('update', () => (watcherUpdates += 1));
});

afterAll(() => declared.close());

function postEvents(body: unknown) {
  return fetch(`${relay.url}/rooms/${room.id}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${room.writeKey}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Rows of the room's update log in the relay's own database file (read-only, beside the relay). */
function storedUpdateCount(): number {
  const db = new Database(join(relay.dataDir, RELAY_DATABASE_FILE), { readonly: true });
  try {
    const row = db
      .prepare('SELECT count(*) AS count FROM room_updates WHERE room_id = ?')
      .get(room.id) as { count: number };
    return row.count;
  } finally {
    db.close();
  }
}

/** What a person would see of the room: the timeline (ids and texts) and the milestones. */
function visibleState(doc: Y.Doc) {
  const view = readRoom(doc);
  return {
    timeline: view.timeline.map((entry) => [entry.id, entry.text]),
    milestones: view.milestones,
  };
}

/** Connects a new client and returns what the relay's copy of the room holds. */
async function relayState() {
  const fresh = connectStockClient(relay.wsRoomsUrl, room.id, room.readKey);
  try {
    await waitForSynced(fresh.provider);
    return visibleState(fresh.doc);
  } finally {
    fresh.provider.destroy();
  }
}

/** Posts one event and waits until the watcher has it: any earlier stray update arrived too. */
async function probe(): Promise<void> {
  const response = await postEvents({ text: 'probe' });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await waitFor(
    () => readRoom(watcher.doc).timeline.some((entry) => entry.id === id),
    'the probe entry',
  );
}

describe('POST /rooms/<id>/events with a batch (a JSON array)', () => {
  it('appends every event, in order, as one update and one durable write', async () => {
    const rowsBefore = storedUpdateCount();
    const updatesBefore = watcherUpdates;
    const eventsBefore = await fetchMetric(relay.url, 'relay_events_total');
    const at = new Date(Date.now() - 120_000).toISOString();
    const response = await postEvents([
      { text: 'Deploy v42 rolled out to 10 %', kind: 'action', author: 'deploy-bot' },
      { text: 'Error rate alert fired', kind: 'alert', at, milestone: 'detected' },
      { text: 'Rollback to v41 started', kind: 'action', author: { name: 'deploy-bot' } },
    ]);
    expect(response.status).toBe(201);
    const { ids } = (await response.json()) as { ids: string[] };
    expect(ids).toHaveLength(3);
    await waitFor(
      () => ids.every((id) => readRoom(watcher.doc).timeline.some((entry) => entry.id === id)),
      'the batch at the watcher',
    );
    const view = readRoom(watcher.doc);
    const texts = ids.map((id) => view.timeline.find((entry) => entry.id === id)?.text);
    expect(texts).toEqual([
      'Deploy v42 rolled out to 10 %',
      'Error rate alert fired',
      'Rollback to v41 started',
    ]);
    expect(view.milestones.detected).toBe(at);
    // 201 came after the write was on disk: the log holds it as one row, one update.
    expect(storedUpdateCount()).toBe(rowsBefore + 1);
    expect(watcherUpdates).toBe(updatesBefore + 1);
    expect(await fetchMetric(relay.url, 'relay_events_total')).toBe(eventsBefore + 3);
    expect(await relayState()).toEqual(visibleState(watcher.doc));
  });

  it('writes a milestone named twice with the same time once, as two requests would', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const response = await postEvents([
      { text: 'Error rate falling', milestone: 'mitigated', at },
      { text: 'Error rate at baseline', milestone: 'mitigated', at },
    ]);
    expect(response.status).toBe(201);
    const { ids } = (await response.json()) as { ids: string[] };
    await waitFor(
      () => ids.every((id) => readRoom(watcher.doc).timeline.some((entry) => entry.id === id)),
      'the batch at the watcher',
    );
    const milestoneEntries = readRoom(watcher.doc).timeline.filter(
      (entry) => entry.kind === 'milestone' && entry.at === at,
    );
    expect(milestoneEntries).toHaveLength(1);
  });

  it('refuses the whole batch when one event is bad, names it, and changes nothing', async () => {
    await probe();
    const before = visibleState(watcher.doc);
    const rowsBefore = storedUpdateCount();
    const updatesBefore = watcherUpdates;
    const good = (text: string) => ({ text, kind: 'action', milestone: 'acknowledged' });
    const cases: Array<[string, unknown[], number, number, RegExp]> = [
      ['empty text', [good('a'), good('b'), { text: '  ' }], 400, 2, /^event 2: text: /],
      ['unknown kind', [good('a'), { text: 'x', kind: 'gossip' }], 400, 1, /^event 1: kind: /],
      ['future time', [{ text: 'x', at: '2999-01-01T00:00:00Z' }], 400, 0, /^event 0: at: /],
      ['unknown field', [good('a'), { text: 'x', severity: 'SEV1' }], 400, 1, /severity/],
      ['not an object', [good('a'), 'just text'], 400, 1, /^event 1: not an event/],
      ['resolved', [good('a'), { text: 'done', milestone: 'resolved' }], 409, 1, /^event 1: /],
    ];
    for (const [what, batch, status, index, message] of cases) {
      const response = await postEvents(batch);
      const body = (await response.json()) as { error: string; index: number };
      expect({ what, status: response.status, index: body.index }).toEqual({ what, status, index });
      expect(body.error, what).toMatch(message);
    }
    await probe();
    // Only the probe arrived: not one event of a refused batch, not one milestone.
    const after = visibleState(watcher.doc);
    expect(after.milestones).toEqual(before.milestones);
    expect(after.timeline.slice(0, -1)).toEqual(before.timeline);
    expect(after.timeline.at(-1)?.[1]).toBe('probe');
    expect(watcherUpdates).toBe(updatesBefore + 1);
    expect(storedUpdateCount()).toBe(rowsBefore + 1);
    expect(await relayState()).toEqual(after);
  });

  it(`refuses batches over ${MAX_EVENTS_PER_REQUEST} events or the body limit with 413`, async () => {
    await probe();
    const rowsBefore = storedUpdateCount();
    const tooMany = Array.from({ length: MAX_EVENTS_PER_REQUEST + 1 }, (_, i) => ({
      text: `${i}`,
    }));
    const countRefused = await postEvents(tooMany);
    expect(countRefused.status).toBe(413);
    expect(((await countRefused.json()) as { error: string }).error).toContain(
      `at most ${MAX_EVENTS_PER_REQUEST} events`,
    );
    const atTheLimit = await postEvents(tooMany.slice(1));
    expect(atTheLimit.status).toBe(201);
    expect(((await atTheLimit.json()) as { ids: string[] }).ids).toHaveLength(
      MAX_EVENTS_PER_REQUEST,
    );

    const bulky = Array.from({ length: 20 }, () => ({ text: 'x'.repeat(4000) }));
    expect(JSON.stringify(bulky).length).toBeGreaterThan(MAX_BODY_BYTES);
    const bytesRefused = await postEvents(bulky);
    expect(bytesRefused.status).toBe(413);
    expect(await bytesRefused.json()).toEqual({
      error: `the body is larger than ${MAX_BODY_BYTES} bytes`,
    });
    const empty = await postEvents([]);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toMatch(/empty/);
    // Only the batch at the limit was written.
    expect(storedUpdateCount()).toBe(rowsBefore + 1);
  });

  it('keeps the single form: one object answers {id}', async () => {
    const response = await postEvents({ text: 'Single event still works', kind: 'note' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['id']);
    await waitFor(
      () => readRoom(watcher.doc).timeline.some((entry) => entry.id === body.id),
      'the single entry',
    );
  });
});
