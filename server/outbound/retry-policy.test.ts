import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_POLICY } from './outbound-file';
import { MAX_RETRY_AFTER_MS, retryAfterMs, retryDelayMs, verdictOf } from './retry-policy';

describe('retry policy', () => {
  it('retries what may pass and fails what will not', () => {
    expect([200, 204].map(verdictOf)).toEqual(['delivered', 'delivered']);
    expect([null, 408, 429, 500, 502, 503].map(verdictOf)).toEqual(Array(6).fill('retry'));
    expect([400, 401, 403, 404, 410].map(verdictOf)).toEqual(Array(5).fill('failed'));
  });

  it('reads Retry-After as seconds or an HTTP date, capped', () => {
    const now = Date.UTC(2026, 2, 24, 3, 0, 0);
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs('Tue, 24 Mar 2026 03:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 24 Mar 2026 02:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it('doubles the wait per try with jitter in [half, whole], up to the cap', () => {
    const policy = { ...DEFAULT_DELIVERY_POLICY, initialBackoffMs: 1_000, maxBackoffMs: 8_000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, () => 1, null))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ]);
    expect(retryDelayMs(3, policy, () => 0, null)).toBe(2_000);
    expect(retryDelayMs(1, policy, () => 0, 30_000)).toBe(30_000);
  });
});
