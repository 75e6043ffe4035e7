import type { PhaseState, RoomPolicy } from '../doc/types';
import { MINUTE_MS, isoToMs, toIso } from '../util/time';

export interface StabilizationState {
  /** Whether the room may be resolved now without an override. */
  satisfied: boolean;
  /** When monitoring began, or null when the room is not in monitoring. */
  monitoringSince: string | null;
  /** The earliest time resolving needs no override, or null when not in monitoring. */
  clearAt: string | null;
  remainingMs: number | null;
}

/**
 * Resolving too early is how incidents "bounce": the room must sit in monitoring for the
 * policy's stabilization window first. Outside monitoring it is never satisfied.
 */
export function stabilizationState(
  phase: PhaseState | null,
  policy: RoomPolicy | null,
  nowMs: number,
): StabilizationState {
  const since = phase?.name === 'monitoring' ? isoToMs(phase.since) : null;
  if (since === null || !policy) {
    return { satisfied: false, monitoringSince: null, clearAt: null, remainingMs: null };
  }
  const clearMs = since + policy.stabilizationMinutes * MINUTE_MS;
  const remainingMs = Math.max(0, clearMs - nowMs);
  return {
    satisfied: remainingMs === 0,
    monitoringSince: toIso(since),
    clearAt: toIso(clearMs),
    remainingMs,
  };
}
