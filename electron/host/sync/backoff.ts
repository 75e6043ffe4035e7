/**
 * Reconnect delays with "equal jitter": half of the exponential step is fixed, half is random.
 * When a relay restarts, every host loses it in the same instant; without jitter they would all
 * come back in the same millisecond, again and again on the same schedule.
 */
export interface BackoffPolicy {
  /** Delay scale for the first retry. */
  baseMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
  /** Source of randomness in [0, 1); injectable so tests can pin it. */
  random: () => number;
}

/**
 * The cap is what a host can wait after the relay is back. With 30 s, a relay restart that took
 * a few seconds left hosts offline for up to 14 s after it listened again (1,000 clients,
 * docs/BENCHMARKS.md, reconnect storm); 5 s keeps everyone within the storm goal of 10 s while the
 * jitter still spreads a thousand hosts over 2.5 s.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 5_000, random: Math.random };

/** The wait before retry number `attempt` (0 = first retry after a loss). */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const half = ceiling / 2;
  return Math.round(half + policy.random() * half);
}
