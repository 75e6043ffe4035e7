import type { DeliveryPolicy } from './outbound-file';

/** Longest a receiver's `Retry-After` may hold a queue: a bad header must not stall it for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** What a try's answer means for the delivery. */
export type AttemptVerdict = 'delivered' | 'retry' | 'failed';

/**
 * 2xx: delivered. 408, 425, 429 and 5xx, or no answer at all (refused, reset, timed out): try
 * again. Any other answer (400 bad payload, 401/403 credentials, 404/410 a removed hook) will not
 * change by repeating the request: failed at once, with the reason kept for people to see.
 */
export function verdictOf(status: number | null): AttemptVerdict {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'failed';
}

/**
 * `Retry-After` as milliseconds from `nowMs`: delay-seconds or an HTTP-date (RFC 9110 10.2.3).
 * Null when absent or unreadable (the backoff decides then); capped at MAX_RETRY_AFTER_MS.
 */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return null;
    ms = date - nowMs;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/**
 * The wait before try `attempt + 1`, after `attempt` tries failed: exponential from
 * `initialBackoffMs`, doubled per try up to `maxBackoffMs`, with "equal jitter" (half fixed,
 * half random) so many queues failing together do not retry together. A receiver's
 * `Retry-After` is honoured as the least wait.
 */
export function retryDelayMs(
  attempt: number,
  policy: DeliveryPolicy,
  random: () => number,
  retryAfter: number | null,
): number {
  const exponential = Math.min(
    policy.maxBackoffMs,
    policy.initialBackoffMs * 2 ** Math.min(attempt - 1, 30),
  );
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfter ?? 0));
}
