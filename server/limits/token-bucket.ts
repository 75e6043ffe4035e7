/** The default clock, one function for every bucket (each connection has two). */
const monotonicNow = (): number => performance.now();

/**
 * A token bucket: `burst` messages at once, refilled at `perSecond`. Time is injected so tests
 * can prove the arithmetic without sleeping.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Takes one token; false when the bucket is empty (the caller decides what that means). */
  take(): boolean {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsedSeconds * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
