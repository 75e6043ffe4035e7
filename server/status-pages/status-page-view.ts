import { createHash } from 'node:crypto';
import type { Phase, Severity } from '../../shared/doc/enums';
import type { StoredPageRoom } from '../storage/status-page-store';
import type { PublishedUpdate } from './status-page-fields';
import type { StatusPage } from './status-pages-file';

/** How long a resolved incident stays on its page, and how many are shown at most. */
export const RECENT_RESOLVED_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_RECENT_RESOLVED = 20;

/** A component's state, worst first; derived from the open incidents listed under it. */
export const COMPONENT_STATES = [
  'major-outage',
  'partial-outage',
  'degraded-performance',
  'operational',
] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

const STATE_OF_SEVERITY: Record<Severity, ComponentState> = {
  SEV1: 'major-outage',
  SEV2: 'partial-outage',
  SEV3: 'degraded-performance',
  SEV4: 'degraded-performance',
};

export interface IncidentView {
  /** Not the room id (which opens the room with a key): a digest of it, stable per room. */
  id: string;
  title: string;
  severity: Severity | null;
  phase: Phase | null;
  resolved: boolean;
  declaredAt: string | null;
  resolvedAt: string | null;
  /** The page's components the IC listed the incident under (unknown ids left out). */
  components: string[];
  /** Newest first. */
  updates: PublishedUpdate[];
}

/** The body of `GET /status/<page>.json` (schema in docs/RELAY.md), which HTML and Atom render. */
export interface StatusPageView {
  page: { id: string; title: string; description: string | null; url: string | null };
  status: ComponentState;
  components: { id: string; name: string; status: ComponentState }[];
  openIncidents: IncidentView[];
  recentIncidents: IncidentView[];
}

/**
 * What a page shows now: its components with a state from the open incidents' severity, the open
 * incidents, then those resolved in the last week. `agedOutAt` is when the latest incident that
 * no longer shows dropped off (its resolution plus the window), for Last-Modified.
 */
export function buildStatusPageView(
  page: StatusPage,
  rooms: readonly StoredPageRoom[],
  nowMs: number,
): { view: StatusPageView; agedOutAt: number } {
  const known = new Set(page.components.map((component) => component.id));
  const incidents = rooms.map((room) => incidentView(room, known));
  const open = incidents.filter((incident) => !incident.resolved);
  let agedOutAt = 0;
  const recent = incidents.filter((incident) => {
    if (!incident.resolved) return false;
    const until = Date.parse(incident.resolvedAt ?? '') + RECENT_RESOLVED_MS;
    if (until > nowMs) return true;
    if (Number.isFinite(until)) agedOutAt = Math.max(agedOutAt, until);
    return false;
  });
  recent.sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''));
  const components = page.components.map(({ id, name }) => ({
    id,
    name,
    status: worstState(open.filter((i) => i.components.includes(id)).map(stateOf)),
  }));
  const view: StatusPageView = {
    page: { id: page.id, title: page.title, description: page.description, url: page.url },
    status: worstState(components.map((component) => component.status)),
    components,
    openIncidents: open,
    recentIncidents: recent.slice(0, MAX_RECENT_RESOLVED),
  };
  return { view, agedOutAt };
}

function incidentView(room: StoredPageRoom, known: ReadonlySet<string>): IncidentView {
  return {
    id: createHash('sha256').update(room.roomId).digest('hex').slice(0, 16),
    title: room.title ?? 'Incident',
    severity: room.severity,
    phase: room.phase,
    resolved: room.resolved,
    declaredAt: room.declaredAt,
    resolvedAt: room.resolvedAt,
    components: room.componentIds.filter((id) => known.has(id)),
    updates: [...room.updates].reverse(),
  };
}

function stateOf(incident: IncidentView): ComponentState {
  return incident.severity ? STATE_OF_SEVERITY[incident.severity] : 'degraded-performance';
}

function worstState(states: readonly ComponentState[]): ComponentState {
  let worst = COMPONENT_STATES.indexOf('operational');
  for (const state of states) worst = Math.min(worst, COMPONENT_STATES.indexOf(state));
  return COMPONENT_STATES[worst] ?? 'operational';
}
