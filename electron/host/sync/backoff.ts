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

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 30_000, random: Math.random };

/** The wait before retry number `attempt` (0 = first retry after a loss). */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const half = ceiling / 2;
  return Math.round(half + policy.random() * half);
}
