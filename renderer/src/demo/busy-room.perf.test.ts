import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { readRoom } from '../../../shared/read';
import { buildBusyRoom } from './busy-room';

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
