import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealPostgres, type RealPostgres } from '../../testing/real-postgres';
import { setMetaKey } from '../../testing/stored-room-doc';
import { PostgresGroupCommit, type PendingSharedAppend } from './postgres-group-commit';
import { PostgresRoomStore } from './postgres-room-store';

// The shared-mode group commit against a real PostgreSQL (one server and one database per file).
let server: RealPostgres;
let store: PostgresRoomStore;

beforeAll(async () => {
  server = await startRealPostgres();
  store = await PostgresRoomStore.open(await server.createDatabase('group_commit'));
  for (const id of ['a', 'b', 'c', 'd']) {
    await store.createRoom({
      id,
      writeKeyVerifier: Buffer.from('w'),
      readKeyVerifier: Buffer.from('r'),
      createdAt: 0,
    });
  }
});
afterAll(async () => {
  await store?.close();
  await server?.destroy();
});

interface Outcome {
  readonly roomId: string;
  seq?: number;
  error?: unknown;
}

/** An append of a real document change, recording what its callbacks were told. */
function pending(
  roomId: string,
  doc: Y.Doc,
  key: string,
  outcomes: Outcome[],
): PendingSharedAppend {
  const outcome: Outcome = { roomId };
  outcomes.push(outcome);
  return {
    roomId,
    update: setMetaKey(doc, key, 'x'),
    onCommitted: (seq) => (outcome.seq = seq),
    onFailed: (error) => (outcome.error = error),
  };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('PostgresGroupCommit', () => {
  it('commits one turn in one batch, and what comes while it waits in the next', async () => {
    const batches: number[] = [];
    // The first batch is held until the test lets it go: a one-round-trip commit can be quicker
    // than the three turns below, and what this pins is what happens while one waits.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const slowFirst = {
      appendUpdates: async (appends: Parameters<typeof store.appendUpdates>[0]) => {
        if (first) {
          first = false;
          await held;
        }
        return store.appendUpdates(appends);
      },
    };
    const commit = new PostgresGroupCommit(slowFirst, { observeBatch: (n) => batches.push(n) });
    const outcomes: Outcome[] = [];
    const doc = new Y.Doc();
    for (let i = 0; i < 5; i += 1) commit.enqueue(pending('a', doc, `first-${i}`, outcomes));
    await nextTurn(); // the first batch's transaction is now waiting for PostgreSQL
    for (let turn = 0; turn < 3; turn += 1) {
      for (let i = 0; i < 4; i += 1) commit.enqueue(pending('b', doc, `t${turn}-${i}`, outcomes));
      await nextTurn();
    }
    expect(commit.pendingCount).toBe(17);
    release();
    await commit.flush();
    expect(commit.pendingCount).toBe(0);
    expect(batches).toEqual([5, 12]);
    expect(outcomes.filter((o) => o.roomId === 'a').map((o) => o.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(outcomes.filter((o) => o.roomId === 'b').map((o) => o.seq)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('runs a room’s callbacks in the order its updates were enqueued, across batches', async () => {
    const commit = new PostgresGroupCommit(store);
    const outcomes: Outcome[] = [];
    const doc = new Y.Doc();
    const order: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const append = pending('c', doc, `k${i}`, outcomes);
      commit.enqueue({ ...append, onCommitted: (seq) => order.push(seq) });
      if (i % 7 === 0) await nextTurn();
    }
    await commit.flush();
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('fails only the update whose room cannot take it; the rest of its batch commits', async () => {
    const commit = new PostgresGroupCommit(store);
    const outcomes: Outcome[] = [];
    commit.enqueue(pending('d', new Y.Doc(), 'kept-1', outcomes));
    commit.enqueue(pending('no-such-room', new Y.Doc(), 'refused', outcomes));
    commit.enqueue(pending('d', new Y.Doc(), 'kept-2', outcomes));
    await commit.flush();
    expect(outcomes.map((o) => [o.roomId, o.seq ?? null])).toEqual([
      ['d', 1],
      ['no-such-room', null],
      ['d', 2],
    ]);
    expect(String(outcomes[1]!.error)).toContain('cannot append to room no-such-room');
    expect((await store.loadRoomState('d')).updates).toHaveLength(2);
  });
});
