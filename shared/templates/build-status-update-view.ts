import type { RoomSnapshot } from '../read/types';
import { humanDuration, msBetween, utcClock, utcDate } from '../export/utc-format';
import { MINUTE_MS, toIso } from '../util/time';
import type { SeverityPolicy } from './severity-policy';
import type { StatusUpdateView } from './status-update-view';

export interface BuildStatusUpdateViewOptions {
  /** When the update is being written (ms since epoch, relay-corrected like the operations' clock). */
  readonly nowMs: number;
  /** For the severity's name and status-page level. */
  readonly severityPolicy: SeverityPolicy;
  /** Current customer impact, if the comms lead typed one; empty leaves a visible blank. */
  readonly impact?: string;
}

/**
 * Fills the status-update view from the room, for inserting a phase template into the draft.
 * "Next update" is counted from now, because the update being written resets the cadence clock.
 */
export function buildStatusUpdateView(
  room: RoomSnapshot,
  options: BuildStatusUpdateViewOptions,
): StatusUpdateView {
  const nowIso = toIso(options.nowMs);
  const level = options.severityPolicy.levels.find((candidate) => candidate.id === room.severity);
  const cadence = room.status.cadence.cadenceMinutes;
  const nextUpdate =
    cadence === null || room.phase === 'resolved'
      ? null
      : toIso(options.nowMs + cadence * MINUTE_MS);
  const { impactStarted, mitigated, resolved } = room.milestones;
  const durationMs = msBetween(impactStarted, resolved ?? nowIso);
  const clock = (iso: string | null): string => (iso === null ? '' : `${utcClock(iso)} UTC`);
  return {
    title: room.title ?? '',
    service: room.service ?? '',
    impact: options.impact?.trim() ?? '',
    severity: room.severity ?? '',
    severityName: level?.name ?? '',
    statusPageLevel: level?.statusPageLevel.replace(/-/g, ' ') ?? '',
    phase: room.phase ?? '',
    now: clock(nowIso),
    today: utcDate(nowIso),
    nextUpdateAt: clock(nextUpdate),
    updateCadence: cadence === null ? '' : cadenceWords(cadence),
    impactStartedAt: clock(impactStarted),
    mitigatedAt: clock(mitigated),
    resolvedAt: clock(resolved),
    duration: durationMs === null || durationMs < 0 ? '' : humanDuration(durationMs),
    roles: {
      ic: room.roles.ic?.name ?? '',
      ops: room.roles.ops?.name ?? '',
      comms: room.roles.comms?.name ?? '',
      scribe: room.roles.scribe?.name ?? '',
    },
    links: { statusPage: room.links.statusPage?.url ?? '', bridge: room.links.bridge?.url ?? '' },
  };
}

function cadenceWords(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
