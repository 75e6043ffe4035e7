import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRoomKeys } from '../auth/room-keys';
import { RelayMetrics } from '../metrics/relay-metrics';
import { GroupCommit } from './group-commit';
import { RelayStore } from './relay-store';

function openStore(): RelayStore {
  const store = RelayStore.open(mkdtempSync(join(tmpdir(), 'group-commit-')));
  store.createRoom({ id: 'a', ...generateRoomKeys(), createdAt: 0 });
  store.createRoom({ id: 'b', ...generateRoomKeys(), createdAt: 0 });
  return store;
}

describe('GroupCommit', () => {
  it('commits one turn of appends together and reports their sequence numbers in order', async () => {
    const store = openStore();
    const commit = new GroupCommit(store, new RelayMetrics());
    const committed: string[] = [];
    for (const [roomId, byte] of [
      ['a', 1],
      ['b', 2],
      ['a', 3],
    ] as const) {
      commit.enqueue({
        roomId,
        update: Uint8Array.of(byte),
        onCommitted: (seq) => committed.push(`${roomId}${byte}@${seq}`),
        onFailed: () => committed.push('failed'),
      });
    }
    expect(commit.pendingCount).toBe(3);
    expect(store.loadRoomState('a').updates).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(committed).toEqual(['a1@1', 'b2@2', 'a3@3']);
    expect(store.loadRoomState('a').updates.map((u) => [...u])).toEqual([[1], [3]]);
    store.close();
  });

  it('fails only the append that cannot be stored; the rest of its batch commits', () => {
    const store = openStore();
    const commit = new GroupCommit(store, new RelayMetrics());
    const outcome: string[] = [];
    for (const roomId of ['a', 'no-such-room', 'b']) {
      commit.enqueue({
        roomId,
        update: Uint8Array.of(9),
        onCommitted: () => outcome.push(`${roomId} saved`),
        onFailed: (error) => outcome.push(`${roomId} failed: ${String(error)}`),
      });
    }
    commit.flush();
    expect(outcome[0]).toBe('a saved');
    expect(outcome[1]).toMatch(/^no-such-room failed: .*FOREIGN KEY/);
    expect(outcome[2]).toBe('b saved');
    expect(store.loadRoomState('no-such-room').updates).toHaveLength(0);
    store.close();
  });
});
