import type { RoomSnapshot } from '../read/types';
import { humanDuration } from '../util/durations';
import { isoToMs, MINUTE_MS } from '../util/time';
import { utcClock, utcDate } from '../util/utc-time';
import type { SeverityPolicy } from './severity-policy';
import type { StatusUpdateView } from './status-update-view';

export interface BuildStatusUpdateViewOptions {
  /** When the update is being written (ms since epoch, relay-corrected like the operations' clock). */
  readonly nowMs: number;
  /**
   * For the severity's name and status-page level; null when no severity template could be
   * loaded, which leaves those two fields empty rather than refusing to fill the rest.
   */
  readonly severityPolicy: SeverityPolicy | null;
  /** Current customer impact, if the comms lead typed one; empty leaves a visible blank. */
  readonly impact?: string;
}

/**
 * Fills the status-update view from the room, for inserting a phase template into the draft.
 * "Next update" is counted from now, because the update being written resets the cadence clock.
 * Times are "HH:MM UTC" and durations whole minutes: customers read these, and seconds would be
 * false precision in a sentence like "affected for about 27 min".
 */
export function buildStatusUpdateView(
  room: RoomSnapshot,
  options: BuildStatusUpdateViewOptions,
): StatusUpdateView {
  const { nowMs } = options;
  const level = options.severityPolicy?.levels.find((candidate) => candidate.id === room.severity);
  const cadence = room.status.cadence.cadenceMinutes;
  // Once resolved no further update is owed, whatever the severity's cadence says.
  const nextUpdateMs =
    cadence === null || room.phase === 'resolved' ? null : nowMs + cadence * MINUTE_MS;
  const { impactStarted, declared, mitigated, resolved } = room.milestones;
  // Without a recorded impact start, the declaration is the latest it can have begun.
  const impactFromMs = isoToMs(impactStarted ?? declared);
  const impactToMs = resolved === null ? nowMs : isoToMs(resolved);
  const durationMs =
    impactFromMs === null || impactToMs === null ? null : impactToMs - impactFromMs;
  const clockOf = (iso: string | null): string => {
    const ms = isoToMs(iso);
    return ms === null ? '' : hourMinuteUtc(ms);
  };
  return {
    title: room.title ?? '',
    service: room.service ?? '',
    impact: options.impact?.trim() ?? '',
    severity: room.severity ?? '',
    severityName: level?.name ?? '',
    statusPageLevel: level?.statusPageLevel.replace(/-/g, ' ') ?? '',
    phase: room.phase ?? '',
    now: hourMinuteUtc(nowMs),
    today: utcDate(nowMs),
    nextUpdateAt: nextUpdateMs === null ? '' : hourMinuteUtc(nextUpdateMs),
    updateCadence: cadence === null ? '' : cadenceWords(cadence),
    impactStartedAt: clockOf(impactStarted),
    mitigatedAt: clockOf(mitigated),
    resolvedAt: clockOf(resolved),
    // A negative span means the milestones disagree with the clock: say nothing rather than "0 min".
    duration:
      durationMs === null || durationMs < 0
        ? ''
        : humanDuration(Math.round(durationMs / MINUTE_MS) * MINUTE_MS),
    roles: {
      ic: room.roles.ic?.name ?? '',
      ops: room.roles.ops?.name ?? '',
      comms: room.roles.comms?.name ?? '',
      scribe: room.roles.scribe?.name ?? '',
    },
    links: { statusPage: room.links.statusPage?.url ?? '', bridge: room.links.bridge?.url ?? '' },
  };
}

/** "14:32 UTC", seconds dropped. */
function hourMinuteUtc(ms: number): string {
  return `${utcClock(ms)} UTC`;
}

function cadenceWords(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
