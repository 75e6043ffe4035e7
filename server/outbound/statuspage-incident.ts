import type { Severity } from '../../shared/doc/enums';
import type { DeliveryOutbox } from './delivery-outbox';
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
  DeliveryOutbox,
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
 * Statuspage takes no idempotency key, so before a create the page's unresolved incidents are
 * read: one already made of this update (a create whose answer a crash lost) is taken, not made
 * again.
 */
export async function sendToStatuspage(
  event: OutboundEvent,
  target: StatuspageTarget,
  incidents: StatuspageIncidents,
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<AttemptResult> {
  const incidentId = await incidents.statuspageIncident(target.id, event.room.id);
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
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string) =>
    sendAttempt(url, apiRequest(target, method, { incident: fields }), timeoutMs, shutdown);
  if (incidentId !== null) {
    return call('PATCH', `${incidentsUrl}/${encodeURIComponent(incidentId)}`);
  }
  const lookup = await call('GET', `${incidentsUrl}/unresolved`);
  if (lookup.verdict !== 'delivered') return lookup;
  const made = madeBefore(lookup.answer, fields);
  const result = made === null ? await call('POST', incidentsUrl) : lookup;
  if (result.verdict !== 'delivered') return result;
  const created = made ?? createdIncidentId(result.answer);
  if (created === null) {
    // Without its id no later update could reach the incident: refuse rather than lose them.
    return { ...result, verdict: 'failed', error: 'Statuspage answered without an incident id' };
  }
  await incidents.keepStatuspageIncident(target.id, event.room.id, created, Date.now());
  return result;
}

/** Statuspage's API authenticates with `Authorization: OAuth <key>` and speaks JSON. */
function apiRequest(
  target: StatuspageTarget,
  method: 'GET' | 'POST' | 'PATCH',
  body: unknown,
): OutboundRequest {
  return {
    method,
    body: method === 'GET' ? '' : JSON.stringify(body),
    headers: {
      authorization: `OAuth ${target.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    readAnswer: method !== 'PATCH',
  };
}

/**
 * The id of an unresolved incident this very create already made (same name, an update with
 * the same text), from `GET …/incidents/unresolved`'s answer; null when there is none.
 */
function madeBefore(answer: string | undefined, fields: IncidentFields): string | null {
  let listed: unknown;
  try {
    listed = JSON.parse(answer ?? '');
  } catch {
    return null; // an answer that cannot be read hides nothing: create
  }
  if (!Array.isArray(listed)) return null;
  for (const incident of listed as { name?: unknown; incident_updates?: unknown }[]) {
    if (incident?.name !== fields.name || !Array.isArray(incident.incident_updates)) continue;
    const updates = incident.incident_updates as { body?: unknown }[];
    if (updates.some((update) => update?.body === fields.body)) {
      return createdIncidentId(JSON.stringify(incident));
    }
  }
  return null;
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
