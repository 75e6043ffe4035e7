import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readTimelineItems } from './room-parts';
import { SortedTimeline } from './sorted-timeline';
import { readTimelineEntry } from './timeline-entry';
import { sortTimeline } from './timeline-order';

/**
 * Entries drawn from few ids and few instants, so ties (equal time, equal recorded time, even
 * equal ids from a misbehaving peer) are common: where entries tie, only array order decides,
 * which is exactly where merging into the previous order could go wrong.
 */
const instant = fc
  .integer({ min: 0, max: 1 })
  .map((minute) => new Date(Date.UTC(2026, 2, 24, 2, minute)).toISOString());
const fields = fc.record({ id: fc.constantFrom('a', 'b'), at: instant, recordedAt: instant });

type Step =
  | { type: 'insert'; position: number; fields: { id: string; at: string; recordedAt: string } }
  | { type: 'delete'; position: number }
  | { type: 'edit'; position: number; key: 'id' | 'at' | 'recordedAt' | 'deleted'; value: string }
  | { type: 'read' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant('insert' as const), position: fc.nat(), fields }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('delete' as const), position: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('edit' as const),
      position: fc.nat(),
      key: fc.constantFrom('id' as const, 'at' as const, 'recordedAt' as const, 'deleted' as const),
      value: fc.oneof(instant, fc.constantFrom('a', 'b')),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('read' as const) }) },
);

function entryMap(values: Record<string, string>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(values)) if (key !== 'text') map.set(key, value);
  map.set('recorder', { id: 'u', name: 'U' });
  map.set('author', { id: 'u', name: 'U' });
  map.set('kind', 'observation');
  map.set('text', values.text ?? 'words');
  return map;
}

describe('SortedTimeline', () => {
  it('always lists what a full read and sort of the array lists, ties included', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const doc = new Y.Doc();
        const timeline = doc.getArray<unknown>('timeline');
        const sorted = new SortedTimeline(timeline);
        timeline.observeDeep((events: Array<Y.YEvent<Y.AbstractType<unknown>>>) =>
          sorted.noteChanges(events),
        );
        const check = () =>
          expect(sorted.entries()).toEqual(
            sortTimeline(readTimelineItems(timeline, readTimelineEntry)),
          );
        let inserted = 0;
        for (const step of steps) {
          const length = timeline.length;
          if (step.type === 'insert') {
            // A text of its own, so entries with equal keys still differ and order shows.
            const entry = entryMap({ ...step.fields, text: `entry ${(inserted += 1)}` });
            timeline.insert(step.position % (length + 1), [entry]);
          } else if (step.type === 'delete' && length > 0) {
            timeline.delete(step.position % length, 1);
          } else if (step.type === 'edit' && length > 0) {
            const map = timeline.get(step.position % length) as Y.Map<unknown>;
            map.set(step.key, step.key === 'deleted' ? step.value === 'a' : step.value);
          } else if (step.type === 'read') {
            check();
          }
        }
        check();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the view objects of entries that did not change', () => {
    const doc = new Y.Doc();
    const timeline = doc.getArray<unknown>('timeline');
    const sorted = new SortedTimeline(timeline);
    timeline.observeDeep((events: Array<Y.YEvent<Y.AbstractType<unknown>>>) =>
      sorted.noteChanges(events),
    );
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 24, 2, minute)).toISOString();
    timeline.push([1, 2, 3].map((n) => entryMap({ id: `e${n}`, at: at(n), recordedAt: at(n) })));
    const before = sorted.entries();
    (timeline.get(0) as Y.Map<unknown>).set('at', at(9));
    const after = sorted.entries();
    expect(after.map((entry) => entry.id)).toEqual(['e2', 'e3', 'e1']);
    expect(after[0]).toBe(before[1]);
    expect(after[1]).toBe(before[2]);
    expect(after[2]).not.toBe(before[0]);
  });
});
