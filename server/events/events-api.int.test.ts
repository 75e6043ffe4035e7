import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRoom } from '../../shared/read/read-room';
import type { SpawnedRelay } from '../testing/spawn-relay';
import { openDeclaredRoom, type DeclaredRoom } from '../testing/declared-room';
import { createTestRoom, type CreatedRoom } from '../testing/create-test-room';
import { waitFor } from '../testing/relay-clients';

let relay: SpawnedRelay;
let room: CreatedRoom;
let ic: DeclaredRoom['ic'];
let watcher: DeclaredRoom['watcher'];
let declared: DeclaredRoom;

beforeAll(async () => {
  declared = await openDeclaredRoom(['--max-event-body-bytes', '2048']);
  ({ relay, room, ic, watcher } = declared);
});

afterAll(() => declared.close());

function postEvent(body: unknown, key: string | null = room.writeKey, roomId = room.id) {
  return fetch(`${relay.url}/rooms/${roomId}/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key !== null ? { authorization: `Bearer ${key}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /rooms/<id>/events', () => {
  it('appends a timeline entry that connected clients see live', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const response = await postEvent({
      text: 'Rollback of checkout v42 started by deploy bot',
      kind: 'action',
      at,
      author: 'deploy-bot',
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(typeof id).toBe('string');
    await waitFor(
      () => readRoom(watcher.doc).timeline.some((entry) => entry.id === id),
      'the entry at the watcher',
    );
    const entry = readRoom(ic.doc).timeline.find((candidate) => candidate.id === id);
    expect(entry).toMatchObject({
      kind: 'action',
      text: 'Rollback of checkout v42 started by deploy bot',
      at,
      author: { id: null, name: 'deploy-bot' },
    });
  });

  it('sets the named milestone to the event time, in the same update as the entry', async () => {
    const at = new Date(Date.now() - 30_000).toISOString();
    const response = await postEvent({
      text: 'Error rate back to baseline',
      milestone: 'mitigated',
      at,
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await waitFor(() => readRoom(watcher.doc).milestones.mitigated === at, 'the milestone');
    expect(readRoom(watcher.doc).timeline.some((entry) => entry.id === id)).toBe(true);
  });

  it('refuses bad requests with a message and changes nothing', async () => {
    const before = readRoom(watcher.doc);
    const refusals: Array<[string, Response, number]> = [
      ['bad JSON', await postEvent('{"text": "half'), 400],
      ['not an object', await postEvent('"text"'), 400],
      ['a list of non-events', await postEvent('[1,2]'), 400],
      ['no text', await postEvent({ kind: 'note' }), 400],
      ['empty text', await postEvent({ text: '   ' }), 400],
      ['unknown kind', await postEvent({ text: 'x', kind: 'gossip' }), 400],
      ['bad time', await postEvent({ text: 'x', at: 'yesterday-ish' }), 400],
      ['future time', await postEvent({ text: 'x', at: '2999-01-01T00:00:00Z' }), 400],
      ['unknown field', await postEvent({ text: 'x', severity: 'SEV1' }), 400],
      ['unknown milestone', await postEvent({ text: 'x', milestone: 'fixed' }), 400],
      // A valid entry with an invalid milestone time must not land half.
      ['milestone resolved', await postEvent({ text: 'all good', milestone: 'resolved' }), 409],
      // The milestone is valid, the entry is not: the milestone must not land alone.
      ['milestone, empty text', await postEvent({ text: '', milestone: 'detected' }), 400],
      // 413: a script splits what it sends and retries (see the batch form).
      ['oversize body', await postEvent({ text: 'x'.repeat(4096) }), 413],
      ['no key', await postEvent({ text: 'x' }, null), 401],
      ['wrong key', await postEvent({ text: 'x' }, 'not-the-key'), 403],
      ['read-only key', await postEvent({ text: 'x' }, room.readKey), 403],
      ['unknown room', await postEvent({ text: 'x' }, room.writeKey, 'no-such-room'), 404],
    ];
    for (const [what, response, status] of refusals) {
      expect({ what, status: response.status }).toEqual({ what, status });
      const body = (await response.json()) as { error?: unknown };
      expect(typeof body.error, what).toBe('string');
    }
    // Give any stray broadcast time to arrive before concluding nothing changed.
    const probe = await postEvent({ text: 'probe after the refusals' });
    expect(probe.status).toBe(201);
    const { id } = (await probe.json()) as { id: string };
    await waitFor(
      () => readRoom(watcher.doc).timeline.some((entry) => entry.id === id),
      'the probe entry',
    );
    const after = readRoom(watcher.doc);
    expect(after.milestones).toEqual(before.milestones);
    expect(after.timeline.map((entry) => entry.id)).toEqual([
      ...before.timeline.map((entry) => entry.id),
      id,
    ]);
  });

  it('refuses events in a room with no declared incident', async () => {
    const empty = await createTestRoom(relay.url);
    const response = await postEvent({ text: 'hello' }, empty.writeKey, empty.id);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'not-declared' });
  });
});
