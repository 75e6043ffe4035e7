import type { Severity } from '../../shared/doc/enums';
import type { OutboxStore } from '../storage/outbox-store';
import type { OutboundEvent } from './outbound-event';
import type { StatuspageTarget } from './outbound-file';
import { sendAttempt, type AttemptResult } from './send-attempt';
import type { OutboundRequest } from './webhook-request';

/**
 * What an affected component shows on the hosted page at each severity (Statuspage's component
 * statuses); `operational` again once the incident is resolved.
 */
export const COMPONENT_STATUS: Readonly<Record<Severity, string>> = {
  SEV1: 'major_outage',
  SEV2: 'partial_outage',
  SEV3: 'degraded_performance',
  SEV4: 'degraded_performance',
};

/** Where the incidents a statuspage target made are kept (the outbox's own database). */
export type StatuspageIncidents = Pick<
  OutboxStore,
  'statuspageIncident' | 'keepStatuspageIncident'
>;

/** The request's fields under `incident` (Statuspage API v1, "Create an incident"/"Update"). */
export interface IncidentFields {
  name?: string;
  status: string;
  body?: string;
  component_ids?: string[];
  components?: Record<string, string>;
  deliver_notifications?: boolean;
}

/**
 * One event to a Statuspage page. The room's first published update creates an incident
 * (`POST /v1/pages/{page}/incidents`) and its id is kept before the receipt is written; every
 * later update `PATCH`es that incident with the new status and text, and the resolution sets it
 * `resolved` with its components `operational`. The body is the approved text, byte for byte.
 * A resolution with no incident made (no update was ever published there) has nothing to change.
 */
export async function sendToStatuspage(
  event: OutboundEvent,
  target: StatuspageTarget,
  incidents: StatuspageIncidents,
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<AttemptResult> {
  const incidentId = incidents.statuspageIncident(target.id, event.room.id);
  const fields = incidentFields(event, target, incidentId === null);
  if (fields === null) {
    const reason =
      event.data.type === 'incident.resolved'
        ? null // nothing was ever shown there: nothing to resolve
        : `a statuspage target takes no ${event.data.type} events`;
    return {
      verdict: reason ? 'failed' : 'delivered',
      status: null,
      error: reason,
      retryAfter: null,
    };
  }
  const incidentsUrl = `${target.apiUrl}/v1/pages/${encodeURIComponent(target.pageId)}/incidents`;
  const request: OutboundRequest = {
    method: incidentId === null ? 'POST' : 'PATCH',
    body: JSON.stringify({ incident: fields }),
    headers: {
      authorization: `OAuth ${target.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    readAnswer: incidentId === null,
  };
  const url =
    incidentId === null ? incidentsUrl : `${incidentsUrl}/${encodeURIComponent(incidentId)}`;
  const result = await sendAttempt(url, request, timeoutMs, shutdown);
  if (incidentId !== null || result.verdict !== 'delivered') return result;
  const created = createdIncidentId(result.answer);
  if (created === null) {
    // Without its id no later update could reach the incident: refuse rather than lose them.
    return { ...result, verdict: 'failed', error: 'Statuspage answered without an incident id' };
  }
  incidents.keepStatuspageIncident(target.id, event.room.id, created, Date.now());
  return result;
}

/** Null when the event changes nothing on the page. */
function incidentFields(
  event: OutboundEvent,
  target: StatuspageTarget,
  create: boolean,
): IncidentFields | null {
  const componentIds = (event.briefing?.components ?? []).flatMap((ours) => {
    const theirs = target.components[ours];
    return theirs === undefined ? [] : [theirs];
  });
  if (event.data.type === 'incident.resolved') {
    if (create) return null;
    return { status: 'resolved', components: statusOf(componentIds, 'operational') };
  }
  if (event.data.type !== 'status-update.published') return null;
  const severity = event.room.severity;
  const resolved = event.data.phase === 'resolved';
  const componentStatus = resolved ? 'operational' : severity ? COMPONENT_STATUS[severity] : null;
  const fields: IncidentFields = { status: event.data.phase, body: event.data.text };
  if (componentStatus !== null) fields.components = statusOf(componentIds, componentStatus);
  if (!create) return fields;
  return {
    name: event.room.title ?? event.room.id,
    ...fields,
    component_ids: componentIds,
    deliver_notifications: true,
  };
}

function statusOf(componentIds: readonly string[], status: string): Record<string, string> {
  return Object.fromEntries(componentIds.map((id) => [id, status]));
}

function createdIncidentId(answer: string | undefined): string | null {
  try {
    const id = (JSON.parse(answer ?? '') as { id?: unknown } | null)?.id;
    return typeof id === 'string' && /^[A-Za-z0-9]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}
