import type { Phase, Severity } from '../doc/enums';
import type { RoomPolicy } from '../doc/types';
import { MINUTE_MS, isoToMs, toIso } from '../util/time';

export interface StatusCadence {
  /** Minutes between updates at the current severity; null when no cadence applies. */
  cadenceMinutes: number | null;
  /** When the next update is due (ISO UTC), or null when none is due. */
  nextDueAt: string | null;
  overdue: boolean;
  overdueByMs: number;
}

export interface StatusCadenceInput {
  severity: Severity | null;
  phase: Phase | null;
  policy: RoomPolicy | null;
  /** The last published update, or the declaration when nothing was published yet. */
  lastPublishedAt: string | null;
  declaredAt: string | null;
  nowMs: number;
}

/**
 * The clock starts at the last published update (or the declaration) and runs at the cadence of
 * the severity the room has now: an upgrade shortens the wait immediately. A resolved room owes
 * no further updates.
 */
export function statusCadence(input: StatusCadenceInput): StatusCadence {
  const none: StatusCadence = {
    cadenceMinutes: null,
    nextDueAt: null,
    overdue: false,
    overdueByMs: 0,
  };
  if (!input.severity || !input.policy) return none;
  const cadenceMinutes = input.policy.updateCadenceMinutes[input.severity];
  if (cadenceMinutes === null) return none;
  const since = isoToMs(input.lastPublishedAt) ?? isoToMs(input.declaredAt);
  if (input.phase === 'resolved' || since === null) return { ...none, cadenceMinutes };
  const dueMs = since + cadenceMinutes * MINUTE_MS;
  const overdueByMs = Math.max(0, input.nowMs - dueMs);
  return { cadenceMinutes, nextDueAt: toIso(dueMs), overdue: overdueByMs > 0, overdueByMs };
}
