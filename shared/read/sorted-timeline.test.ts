import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeTimelineRecord, type EntryChange, type EntryRecord } from '../doc/timeline-records';
import { format1EntryMap } from '../fixtures/format-1-rooms';
import { SortedTimeline } from './sorted-timeline';
import { readWholeTimeline, type TimelineRoots } from './timeline-history';

/**
 * Records and Y.Maps drawn from few ids and few instants, so ties of time, copies of one entry
 * (two hosts migrating at once), changes placed before their entry (concurrent writers) and
 * format-1 maps next to records are all common: exactly where keeping the previous order up to
 * date could go wrong.
 */
const instant = fc
  .integer({ min: 0, max: 2 })
  .map((minute) => new Date(Date.UTC(2026, 2, 24, 2, minute)).toISOString());
const entryId = fc.constantFrom('a', 'b', 'c');
const person = { id: 'u', name: 'U' };

type Step =
  | { type: 'record'; position: number; id: string; at: string; recordedAt: string }
  | { type: 'edit'; position: number; id: string; field: 'at' | 'text'; at: string }
  | { type: 'pin' | 'delete'; position: number; id: string; pinned: boolean }
  | { type: 'map'; position: number; id: string; at: string }
  | { type: 'mapEdit' | 'mapDelete'; position: number; at: string }
  | { type: 'read' };

const position = fc.nat();
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('record' as const),
      position,
      id: entryId,
      at: instant,
      recordedAt: instant,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('edit' as const),
      position,
      id: entryId,
      field: fc.constantFrom('at' as const, 'text' as const),
      at: instant,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constantFrom('pin' as const, 'delete' as const),
      position,
      id: entryId,
      pinned: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('map' as const), position, id: entryId, at: instant }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom('mapEdit' as const, 'mapDelete' as const),
      position,
      at: instant,
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('read' as const) }) },
);

function entryRecord(id: string, at: string, recordedAt: string, text: string): EntryRecord {
  const common = { id, at, recordedAt, recorder: person, author: person, text };
  return { type: 'entry', ...common, kind: 'note', clockOffsetMs: null, offline: false, ref: null };
}

function entryMap(id: string, at: string, text: string): Y.Map<unknown> {
  return format1EntryMap(entryRecord(id, at, at, text));
}

function watched(doc: Y.Doc): { roots: TimelineRoots; sorted: SortedTimeline } {
  const roots = {
    timeline: doc.getArray<unknown>('timeline'),
    timelineEntries: doc.getMap<unknown>('entries'),
    timelineChanges: doc.getArray<unknown>('changes'),
  };
  const sorted = new SortedTimeline(roots);
  roots.timeline.observeDeep(() => sorted.noteMapChanges());
  roots.timelineEntries.observeDeep((events: Array<Y.YEvent<Y.AbstractType<unknown>>>) =>
    sorted.noteEntryRecords(events),
  );
  roots.timelineChanges.observeDeep((events: Array<Y.YEvent<Y.AbstractType<unknown>>>) =>
    sorted.noteChangeRecords(events),
  );
  return { roots, sorted };
}

function apply(roots: TimelineRoots, step: Step, serial: number): void {
  const { timeline, timelineEntries: entries, timelineChanges: changes } = roots;
  const at = (array: Y.Array<unknown>, position: number) => position % (array.length + 1);
  const stamp = { by: person, at: '2026-03-24T03:00:00.000Z' };
  const change = (record: EntryChange) =>
    changes.insert(at(changes, step.type === 'read' ? 0 : step.position), [
      encodeTimelineRecord(record),
    ]);
  if (step.type === 'record') {
    // A second record under one id is a second host's copy (a migration), or junk when it
    // names another id.
    const id = step.position % 5 === 0 ? 'a' : step.id;
    const record = entryRecord(id, step.at, step.recordedAt, `entry ${serial}`);
    entries.set(step.id, encodeTimelineRecord(record));
  } else if (step.type === 'edit') {
    const to = step.field === 'at' ? step.at : `edit ${serial}`;
    change({ type: 'edit', entryId: step.id, field: step.field, from: '', to, ...stamp });
  } else if (step.type === 'pin') {
    change({ type: 'pin', entryId: step.id, pinned: step.pinned, ...stamp });
  } else if (step.type === 'delete') {
    change({ type: 'delete', entryId: step.id, ...stamp });
  } else if (step.type === 'map') {
    timeline.insert(at(timeline, step.position), [entryMap(step.id, step.at, `map ${serial}`)]);
  } else if (step.type === 'mapEdit' && timeline.length > 0) {
    (timeline.get(step.position % timeline.length) as Y.Map<unknown>).set('at', step.at);
  } else if (step.type === 'mapDelete' && timeline.length > 0) {
    timeline.delete(step.position % timeline.length, 1);
  }
}

describe('SortedTimeline', () => {
  it('always lists what a whole read of both roots lists', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const { roots, sorted } = watched(new Y.Doc());
        const check = () => expect(sorted.entries()).toEqual(readWholeTimeline(roots));
        steps.forEach((step, serial) => {
          if (step.type === 'read') check();
          else apply(roots, step, serial);
        });
        check();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the view objects of entries no record named', () => {
    const { roots, sorted } = watched(new Y.Doc());
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 24, 2, minute)).toISOString();
    for (const n of [1, 2, 3]) {
      roots.timelineEntries.set(
        `e${n}`,
        encodeTimelineRecord(entryRecord(`e${n}`, at(n), at(n), `e ${n}`)),
      );
    }
    const before = sorted.entries();
    apply(roots, { type: 'edit', position: 3, id: 'e1', field: 'at', at: at(9) }, 0);
    const after = sorted.entries();
    expect(after.map((entry) => entry.id)).toEqual(['e2', 'e3', 'e1']);
    expect(after[0]).toBe(before[1]);
    expect(after[1]).toBe(before[2]);
    expect(after[2]).not.toBe(before[0]);
    expect(after[2]?.revisions).toHaveLength(1);
  });
});
