/**
 * PagerDuty V3 webhook bodies for tests, written from the field lists of PagerDuty's developer docs
 * (webhooks "Overview": the event envelope and the incident, incident_note, incident_status_update
 * and incident_responder data types). Identifiers and names are made up.
 */

export const INCIDENT_ID = 'Q2X7KPL';
export const INCIDENT_URL = `https://acme.pagerduty.com/incidents/${INCIDENT_ID}`;
export const CREATED_AT = '2026-03-24T02:58:41Z';
export const OCCURRED_AT = '2026-03-24T03:01:07.412Z';

const reference = (kind: string, id: string, summary: string) => ({
  html_url: `https://acme.pagerduty.com/${kind}s/${id}`,
  id,
  self: `https://api.pagerduty.com/${kind}s/${id}`,
  summary,
  type: `${kind}_reference`,
});

/** `event.data` of type `incident`, as every incident.* event but notes, responders and updates sends. */
export function incidentData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: INCIDENT_ID,
    type: 'incident',
    self: `https://api.pagerduty.com/incidents/${INCIDENT_ID}`,
    html_url: INCIDENT_URL,
    number: 4172,
    status: 'triggered',
    incident_key: 'checkout-5xx-eu-west-1',
    created_at: CREATED_AT,
    title: 'Checkout 5xx above 5 % in eu-west-1',
    service: reference('service', 'PSVC01A', 'Checkout API'),
    assignees: [reference('user', 'PUSR01A', 'Avery Chen')],
    escalation_policy: reference('escalation_policy', 'PESC01A', 'Checkout primary'),
    teams: [reference('team', 'PTEAM1A', 'Payments'), reference('team', 'PTEAM2B', 'SRE')],
    priority: {
      html_url: 'https://acme.pagerduty.com/account/incident_priorities',
      id: 'PPRI01A',
      self: 'https://api.pagerduty.com/priorities/PPRI01A',
      summary: 'P1',
      type: 'priority_reference',
    },
    urgency: 'high',
    conference_bridge: { conference_number: '+1 555 0100,,1234#', conference_url: null },
    resolve_reason: null,
    ...overrides,
  };
}

/** The reference to the incident that `incident_note` and the other child data types carry. */
export const incidentReference = {
  html_url: INCIDENT_URL,
  id: INCIDENT_ID,
  self: `https://api.pagerduty.com/incidents/${INCIDENT_ID}`,
  summary: 'Checkout 5xx above 5 % in eu-west-1',
  type: 'incident_reference',
};

export function noteData(content: string): Record<string, unknown> {
  return {
    incident: incidentReference,
    id: 'PNOTE1A',
    content,
    trimmed: false,
    type: 'incident_note',
  };
}

export function statusUpdateData(message: string): Record<string, unknown> {
  return {
    incident: incidentReference,
    id: 'PSTAT1A',
    message,
    trimmed: false,
    type: 'incident_status_update',
  };
}

export function responderData(message: string): Record<string, unknown> {
  return {
    incident: incidentReference,
    user: reference('user', 'PUSR02B', 'Sam Okafor'),
    escalation_policy: reference('escalation_policy', 'PESC02B', 'Database on-call'),
    message,
    state: 'pending',
    type: 'incident_responder',
  };
}

/** A whole webhook body: one `event` with its envelope fields around `data`. */
export function pagerdutyWebhook(
  eventType: string,
  data: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): { event: Record<string, unknown> } {
  return {
    event: {
      id: `01EVT${eventType.replace(/\W/g, '').toUpperCase()}`,
      event_type: eventType,
      resource_type: eventType.split('.')[0],
      occurred_at: OCCURRED_AT,
      agent: reference('user', 'PUSR01A', 'Avery Chen'),
      client: { name: 'PagerDuty' },
      data,
      ...overrides,
    },
  };
}
