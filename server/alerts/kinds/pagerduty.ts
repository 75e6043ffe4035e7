import { z } from 'zod';
import { parseInstant } from '../../../shared/util/time';
import { formatValidationError } from '../../../shared/util/validation-message';
import type { AlertSourceKind, HookRefusal } from '../alert-source-kind';
import {
  anySignatureMatches,
  checkOneSecretForm,
  presentedDigests,
  secretsOf,
  signingSecretFields,
} from '../hmac-signature';
import type { AlertStatus, NormalizedAlert } from '../normalized-alert';

/**
 * PagerDuty V3 webhooks (a webhook subscription's HTTP delivery): one `event` per request, signed
 * in `X-PagerDuty-Signature` with the subscription's secret. Field names follow PagerDuty's
 * developer docs (webhooks "Overview": the event envelope and the `incident`, `incident_note`,
 * `incident_status_update` and `incident_responder` data types; "Verifying Signatures").
 */

export interface PagerDutySourceConfig {
  /** The subscription's signing secrets; more than one while a secret is being rotated. */
  readonly secrets: readonly string[];
}

export const SIGNATURE_HEADER = 'x-pagerduty-signature';

/**
 * What each documented event type means for the room. PagerDuty adds event types over time; one
 * not listed here (and any other incident event: escalated, reassigned, priority_updated,
 * unacknowledged, responder and status update events) is an `annotated` entry on the incident's
 * room, never a refusal, since PagerDuty drops a 4xx'd webhook and disables a failing subscription.
 */
export const PAGERDUTY_STATUS: Readonly<Record<string, AlertStatus>> = {
  'incident.triggered': 'firing',
  'incident.reopened': 'firing',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.annotated': 'annotated',
};

const reference = z.object({
  id: z.string().optional(),
  summary: z.string().optional(),
  html_url: z.string().optional(),
});

/** `event.data` when `data.type` is `incident` (every incident.* event but the four below). */
const incidentData = z.object({
  type: z.literal('incident'),
  id: z.string().min(1),
  title: z.string(),
  number: z.number().optional(),
  status: z.string().optional(),
  urgency: z.string().optional(),
  incident_key: z.string().nullish(),
  created_at: z.string().optional(),
  html_url: z.string().optional(),
  service: reference.nullish(),
  escalation_policy: reference.nullish(),
  teams: z.array(reference).nullish(),
  priority: reference.nullish(),
});

/** `incident_note`, `incident_status_update`, `incident_responder`: they point at the incident. */
const incidentChildData = z.object({
  type: z.string().optional(),
  incident: z.object({
    id: z.string().min(1),
    summary: z.string().optional(),
    html_url: z.string().optional(),
  }),
  content: z.string().optional(),
  message: z.string().optional(),
});

const envelope = z.object({
  event: z.object({
    id: z.string().min(1),
    event_type: z.string().min(1),
    resource_type: z.string().optional(),
    occurred_at: z.string(),
    agent: reference.nullish(),
    client: z.object({ name: z.string().optional() }).nullish(),
    data: z.record(z.string(), z.unknown()),
  }),
});

type Envelope = z.infer<typeof envelope>['event'];
type ParseResult = { readonly ok: true; readonly alerts: readonly NormalizedAlert[] } | HookRefusal;

export const pagerdutyKind: AlertSourceKind<PagerDutySourceConfig> = {
  kind: 'pagerduty',
  configSchema: z
    .strictObject(signingSecretFields)
    .superRefine(checkOneSecretForm)
    .transform((fields) => ({ secrets: secretsOf(fields) })),

  verify(request, config) {
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined || header.length === 0) {
      return { ok: false, status: 401, reason: 'missing X-PagerDuty-Signature header' };
    }
    const presented = presentedDigests(header);
    if (presented.length === 0) {
      return {
        ok: false,
        status: 401,
        reason: 'X-PagerDuty-Signature has no v1=<64 hex digits> signature',
      };
    }
    if (!anySignatureMatches(presented, config.secrets, [request.rawBody])) {
      return {
        ok: false,
        status: 403,
        reason: "X-PagerDuty-Signature matches none of this source's secrets",
      };
    }
    return { ok: true };
  },

  parse(body) {
    const parsed = envelope.safeParse(body);
    if (!parsed.success) {
      return refuse(`not a PagerDuty V3 webhook: ${formatValidationError(parsed.error)}`);
    }
    const event = parsed.data.event;
    if (event.data['type'] === 'incident') return fromIncident(event);
    if (typeof event.data['incident'] === 'object' && event.data['incident'] !== null) {
      return fromIncidentChild(event);
    }
    if (event.event_type.startsWith('incident.')) {
      return refuse(`${event.event_type}: event.data names no incident (no data.incident.id)`);
    }
    // service.created/updated/deleted and other non-incident events open or touch no room; they
    // are answered 2xx with nothing recorded, so a subscription that includes them keeps working.
    return { ok: true, alerts: [] };
  },
};

function fromIncident(event: Envelope): ParseResult {
  const parsed = incidentData.safeParse(event.data);
  if (!parsed.success) {
    return refuse(`${event.event_type}: ${formatValidationError(prefixed(parsed.error))}`);
  }
  const incident = parsed.data;
  // A trigger's own time is when the incident was created; later events happen when they occur.
  const timeField =
    event.event_type === 'incident.triggered' && incident.created_at !== undefined
      ? { name: 'event.data.created_at', value: incident.created_at }
      : { name: 'event.occurred_at', value: event.occurred_at };
  const eventTime = parseInstant(timeField.value);
  if ('error' in eventTime) return refuse(`${timeField.name}: ${eventTime.error}`);
  const priority = incident.priority?.summary;
  const labels = definedOnly({
    event_type: event.event_type,
    status: incident.status,
    urgency: incident.urgency,
    priority,
    service: incident.service?.summary,
    service_id: incident.service?.id,
    escalation_policy: incident.escalation_policy?.summary,
    teams: incident.teams?.flatMap((team) => team.summary ?? []).join(', ') || undefined,
    incident_number: incident.number === undefined ? undefined : String(incident.number),
    incident_key: incident.incident_key ?? undefined,
  });
  const status = PAGERDUTY_STATUS[event.event_type] ?? 'annotated';
  return alertOf(event, {
    incidentId: incident.id,
    title: incident.title,
    status,
    eventTime: eventTime.ms,
    // Priority ("P1") is the responders' own ranking; urgency (high/low) is there when it is not set.
    severity: priority ?? incident.urgency,
    description: status === 'annotated' ? describeChange(event, priority) : undefined,
    labels,
    url: incident.html_url,
  });
}

function fromIncidentChild(event: Envelope): ParseResult {
  const parsed = incidentChildData.safeParse(event.data);
  if (!parsed.success) {
    return refuse(`${event.event_type}: ${formatValidationError(prefixed(parsed.error))}`);
  }
  const child = parsed.data;
  const eventTime = parseInstant(event.occurred_at);
  if ('error' in eventTime) return refuse(`event.occurred_at: ${eventTime.error}`);
  return alertOf(event, {
    incidentId: child.incident.id,
    title: child.incident.summary ?? `PagerDuty incident ${child.incident.id}`,
    status: PAGERDUTY_STATUS[event.event_type] ?? 'annotated',
    eventTime: eventTime.ms,
    severity: undefined,
    // A note's text, a status update's or a responder request's message.
    description: child.content ?? child.message ?? describeChange(event, undefined),
    labels: definedOnly({ event_type: event.event_type, data_type: child.type }),
    url: child.incident.html_url,
  });
}

interface IncidentFacts {
  readonly incidentId: string;
  readonly title: string;
  readonly status: AlertStatus;
  readonly eventTime: number;
  readonly severity: string | undefined;
  readonly description: string | undefined;
  readonly labels: Record<string, string>;
  readonly url: string | undefined;
}

function alertOf(event: Envelope, facts: IncidentFacts): ParseResult {
  const alert: NormalizedAlert = {
    // One room per PagerDuty incident, whichever event (trigger, note, resolve) arrives first.
    dedupeKey: facts.incidentId,
    status: facts.status,
    title: oneLine(facts.title) || `PagerDuty incident ${facts.incidentId}`,
    description: facts.description,
    severity: facts.severity,
    eventTime: facts.eventTime,
    labels: facts.labels,
    annotations: definedOnly({
      agent: event.agent?.summary,
      client: event.client?.name,
    }),
    links: isWebLink(facts.url) ? [{ label: 'PagerDuty incident', url: facts.url }] : [],
    // PagerDuty repeats the event id on every delivery attempt of the same event.
    deliveryId: event.id,
  };
  return { ok: true, alerts: [alert] };
}

/** For an event that is only a change of the incident: what changed and who changed it. */
function describeChange(event: Envelope, priority: string | undefined): string {
  const who = event.agent?.summary === undefined ? '' : ` by ${event.agent.summary}`;
  const what = event.event_type === 'incident.priority_updated' && priority ? `: ${priority}` : '';
  return `PagerDuty ${event.event_type}${who}${what}`;
}

/** Field paths in refusals read from the body's top, as the sender's docs name them. */
function prefixed(error: z.ZodError): z.ZodError {
  return new z.ZodError(
    error.issues.map((issue) => ({ ...issue, path: ['event', 'data', ...issue.path] })),
  );
}

function definedOnly(fields: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) out[name] = value;
  return out;
}

/** Only web links become something people click, whatever a payload carries. */
function isWebLink(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//i.test(url);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function refuse(reason: string): HookRefusal {
  return { ok: false, status: 400, reason };
}
