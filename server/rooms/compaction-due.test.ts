import { describe, expect, it } from 'vitest';
import { compactionDue, SNAPSHOT_TO_LOG_RATIO, UPDATE_COUNT_CAP_FACTOR } from './compaction-due';

const policy = { compactAfterUpdates: 500, compactAfterBytes: 1_048_576 };

describe('compactionDue', () => {
  it('follows the thresholds in a room whose snapshot is small', () => {
    expect(compactionDue({ entries: 0, bytes: 0 }, 0, policy)).toBe(false);
    expect(compactionDue({ entries: 499, bytes: 20_000 }, 40_000, policy)).toBe(false);
    expect(compactionDue({ entries: 500, bytes: 20_000 }, 40_000, policy)).toBe(true);
    expect(compactionDue({ entries: 3, bytes: 1_048_576 }, 40_000, policy)).toBe(true);
  });

  it('waits in a long room until the log holds a quarter of the snapshot', () => {
    const snapshot = 4_000_000; // about 9,000 timeline entries
    const quarter = snapshot / SNAPSHOT_TO_LOG_RATIO;
    expect(compactionDue({ entries: 500, bytes: 175_000 }, snapshot, policy)).toBe(false);
    expect(compactionDue({ entries: 3_000, bytes: quarter - 1 }, snapshot, policy)).toBe(false);
    expect(compactionDue({ entries: 3_000, bytes: quarter }, snapshot, policy)).toBe(true);
  });

  it('still bounds the log of a long room by bytes and by count', () => {
    const huge = 100_000_000;
    expect(compactionDue({ entries: 3_000, bytes: 1_048_576 }, huge, policy)).toBe(true);
    const cap = policy.compactAfterUpdates * UPDATE_COUNT_CAP_FACTOR;
    expect(compactionDue({ entries: cap - 1, bytes: 200_000 }, huge, policy)).toBe(false);
    expect(compactionDue({ entries: cap, bytes: 200_000 }, huge, policy)).toBe(true);
  });
});
