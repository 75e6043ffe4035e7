import { ROLES } from '../../../shared/doc/enums';
import type { SeverityPolicy } from '../../../shared/templates/severity-policy';
import type { StatusUpdateView } from '../../../shared/templates/status-update-view';
import type { RoomView } from '../store/room-view';
import { utcClock } from './format-time';

function minutesInWords(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

function durationInWords(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Fills the status template's fields from the room; unknown values stay empty for the template. */
export function statusUpdateView(
  view: RoomView,
  policy: SeverityPolicy | null,
  nowMs: number,
): StatusUpdateView {
  const level = policy?.levels.find((candidate) => candidate.id === view.severity);
  const at = (iso: string | null) => (iso ? `${utcClock(iso)} UTC` : '');
  const start = view.milestones.impactStarted ?? view.milestones.declared;
  const end = view.milestones.resolved ? Date.parse(view.milestones.resolved) : nowMs;
  const cadence = view.status.cadence.cadenceMinutes;
  const now = new Date(nowMs).toISOString();
  const roles = Object.fromEntries(
    ROLES.map((role) => [role, view.roles[role]?.name ?? '']),
  ) as StatusUpdateView['roles'];
  return {
    title: view.title ?? '',
    service: view.service ?? '',
    impact: '',
    severity: view.severity ?? '',
    severityName: level?.name ?? '',
    statusPageLevel: level?.statusPageLevel?.replace(/-/g, ' ') ?? '',
    phase: view.phase ?? '',
    now: at(now),
    today: now.slice(0, 10),
    nextUpdateAt: cadence ? at(new Date(nowMs + cadence * 60_000).toISOString()) : '',
    updateCadence: cadence ? minutesInWords(cadence) : '',
    impactStartedAt: at(view.milestones.impactStarted),
    mitigatedAt: at(view.milestones.mitigated),
    resolvedAt: at(view.milestones.resolved),
    duration: start ? durationInWords(end - Date.parse(start)) : '',
    roles,
    links: { statusPage: view.links.statusPage?.url ?? '', bridge: view.links.bridge?.url ?? '' },
  };
}
