import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

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
});
