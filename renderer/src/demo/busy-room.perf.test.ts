import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { pinEntry, unpinEntry } from '../../../shared/ops';
import { readRoom, RoomReader } from '../../../shared/read';
import { buildBusyRoom, DEMO_PEOPLE } from './busy-room';

it('reads a 10,000-entry room fast enough to re-derive per frame batch', () => {
  const doc = new Y.Doc();
  buildBusyRoom(doc, Date.now(), 10_000);
  const start = performance.now();
  const runs = 5;
  for (let index = 0; index < runs; index++) readRoom(doc);
  const perRead = (performance.now() - start) / runs;
  console.log(`readRoom over ${readRoom(doc).timeline.length} entries: ${perRead.toFixed(1)} ms`);
  expect(perRead).toBeLessThan(1000);
});

it('re-reads one changed entry of a 10,000-entry room in a fraction of a full read', () => {
  const doc = new Y.Doc();
  buildBusyRoom(doc, Date.now(), 10_000);
  const reader = new RoomReader(doc);
  const target = reader.read().timeline[5_000]!;
  const ctx = { actor: DEMO_PEOPLE.scribe, now: () => Date.now() };
  const fullStart = performance.now();
  readRoom(doc);
  const fullMs = performance.now() - fullStart;
  const runs = 20;
  let readMs = 0;
  let pinned = target.pinned !== null;
  for (let index = 0; index < runs; index++) {
    (pinned ? unpinEntry : pinEntry)(doc, ctx, { id: target.id });
    pinned = !pinned;
    const start = performance.now();
    reader.read();
    readMs += performance.now() - start;
  }
  const perRead = readMs / runs;
  console.log(
    `incremental read after one pin: ${perRead.toFixed(1)} ms (full read ${fullMs.toFixed(1)} ms)`,
  );
  // Generous against a loaded machine; a full re-read costs several times this.
  expect(perRead).toBeLessThan(Math.max(20, fullMs / 3));
});
