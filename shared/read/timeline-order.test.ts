import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTimelineEntries, sortTimeline } from './timeline-order';

const instant = fc
  .integer({ min: 0, max: 20 })
  .map((minute) => new Date(Date.UTC(2026, 2, 24, 2, minute)).toISOString());

describe('sortTimeline', () => {
  it('orders exactly as sorting with compareTimelineEntries, ties and duplicate ids included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), at: instant, recordedAt: instant }),
          { maxLength: 60 },
        ),
        (keys) => {
          // Distinct objects with equal keys show whether equal entries keep their input order.
          const entries = keys.map((key, index) => ({ ...key, index }));
          const expected = [...entries].sort(compareTimelineEntries);
          expect(sortTimeline([...entries])).toEqual(expected);
        },
      ),
    );
  });
});
