import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, maxMs: 10_000 };

  it('grows exponentially up to the cap', () => {
    const fixed = { ...policy, random: () => 0.5 };
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, fixed))).toEqual([75, 150, 300, 600]);
    expect(backoffDelay(50, fixed)).toBe(7500);
  });

  it('stays within [ceiling/2, ceiling]', () => {
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(400);
    expect(backoffDelay(3, { ...policy, random: () => 0.999999 })).toBe(800);
  });

  it('spreads many clients that lost the relay together', () => {
    const delays = Array.from({ length: 200 }, () =>
      backoffDelay(4, { ...policy, random: Math.random }),
    );
    const distinct = new Set(delays);
    expect(distinct.size).toBeGreaterThan(100);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(400);
  });

  it('never keeps a host waiting more than 5 s by default, however long the outage', () => {
    const worst = { ...DEFAULT_BACKOFF, random: () => 0.999999 };
    const delays = Array.from({ length: 40 }, (_, attempt) => backoffDelay(attempt, worst));
    expect(Math.max(...delays)).toBeLessThanOrEqual(5_000);
    // ...and still spreads the returns of a restart over half of that.
    expect(backoffDelay(39, { ...DEFAULT_BACKOFF, random: () => 0 })).toBe(2_500);
  });
});
