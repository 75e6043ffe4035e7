import { RELAY_TIME_HEADER } from '../../../shared/protocol/relay-protocol';

/** One request to the relay: local wall time when sent, round trip, and the relay's stamp. */
export interface ClockSample {
  sentAt: number;
  rttMs: number;
  relayTime: number;
}

export interface ClockEstimate {
  /** This machine's clock minus the relay's clock, in ms (positive: this laptop runs ahead). */
  offsetMs: number;
  /** Round trip of the sample used; the estimate is good to about half of it. */
  rttMs: number;
  measuredAt: number;
}

/**
 * NTP's idea in its simplest form: the relay stamped its answer somewhere inside our round trip;
 * assume the middle, and trust the sample with the shortest round trip (least room for error).
 */
export function estimateFromSamples(
  samples: readonly ClockSample[],
  measuredAt: number,
): ClockEstimate | null {
  let best: ClockSample | null = null;
  for (const sample of samples) if (best === null || sample.rttMs < best.rttMs) best = sample;
  if (best === null) return null;
  const localMidpoint = best.sentAt + best.rttMs / 2;
  return { offsetMs: Math.round(localMidpoint - best.relayTime), rttMs: best.rttMs, measuredAt };
}

export interface MeasureOptions {
  samples?: number;
  timeoutMs?: number;
  /** This machine's wall clock (ms since epoch); injectable to play a laptop with a wrong clock. */
  wallClock?: () => number;
}

/** Asks the relay's `/healthz` a few times and estimates the offset from the `x-relay-time` header. */
export async function measureClockOffset(
  relayUrl: string,
  options: MeasureOptions = {},
): Promise<ClockEstimate | null> {
  const count = options.samples ?? 5;
  const wallClock = options.wallClock ?? Date.now;
  const samples: ClockSample[] = [];
  for (let i = 0; i < count; i += 1) {
    const sentAt = wallClock();
    const started = performance.now();
    try {
      const response = await fetch(`${relayUrl}/healthz`, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
      });
      const rttMs = performance.now() - started;
      await response.arrayBuffer();
      const relayTime = Number(response.headers.get(RELAY_TIME_HEADER));
      if (Number.isFinite(relayTime) && relayTime > 0) samples.push({ sentAt, rttMs, relayTime });
    } catch {
      // One lost probe is not an answer; the others may still get through.
    }
  }
  return estimateFromSamples(samples, wallClock());
}
