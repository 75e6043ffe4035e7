import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HookRequest } from '../alert-source-kind';
import type { NormalizedAlert } from '../normalized-alert';
import { pagerdutyKind, type PagerDutySourceConfig } from './pagerduty';
import {
  CREATED_AT,
  INCIDENT_ID,
  INCIDENT_URL,
  OCCURRED_AT,
  incidentData,
  incidentReference,
  noteData,
  pagerdutyWebhook,
  responderData,
  statusUpdateData,
} from './pagerduty-fixtures';

const SECRET = 'pd-secret-0123456789abcdef';
const NEXT_SECRET = 'pd-next-secret-fedcba9876543210';
const config: PagerDutySourceConfig = { secrets: [SECRET] };
const RECEIVED_AT = Date.parse('2026-03-24T03:01:08Z');

/** The expected signature, computed here with node:crypto, not with the code under test. */
function sign(secret: string, body: Buffer): string {
  return `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function request(body: Buffer, headers: IncomingHttpHeaders): HookRequest {
  return { headers, rawBody: body, receivedAt: RECEIVED_AT };
}

const body = Buffer.from(JSON.stringify(pagerdutyWebhook('incident.triggered', incidentData())));

describe('pagerduty verify', () => {
  it('accepts a known vector (body and signature fixed, computed with openssl)', () => {
    const fixed = Buffer.from('{"event":{"id":"01DEMO","note":"café ☕"}}', 'utf8');
    const header = 'v1=7aab78ad398c2d6c68d38e6f3297573189824d1b38b801eaa1381d1bebd2385e';
    expect(
      pagerdutyKind.verify(request(fixed, { 'x-pagerduty-signature': header }), config),
    ).toEqual({ ok: true });
  });

  it('accepts the body signed with the secret', () => {
    const headers = { 'x-pagerduty-signature': sign(SECRET, body) };
    expect(pagerdutyKind.verify(request(body, headers), config)).toEqual({ ok: true });
  });

  it('verifies the exact bytes sent, not the JSON they parse to', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
    const headers = { 'x-pagerduty-signature': sign(SECRET, pretty) };
    expect(pagerdutyKind.verify(request(pretty, headers), config)).toEqual({ ok: true });
  });

  it('accepts during rotation: the second of two signatures matches', () => {
    const headers = { 'x-pagerduty-signature': `${sign(NEXT_SECRET, body)},${sign(SECRET, body)}` };
    expect(pagerdutyKind.verify(request(body, headers), config)).toEqual({ ok: true });
  });

  it('accepts during rotation: the second configured secret matches', () => {
    const headers = { 'x-pagerduty-signature': sign(NEXT_SECRET, body) };
    const rotating = { secrets: [SECRET, NEXT_SECRET] };
    expect(pagerdutyKind.verify(request(body, headers), rotating)).toEqual({ ok: true });
  });

  it('refuses a tampered body with 403, without echoing the signature', () => {
    const signature = sign(SECRET, body);
    const tampered = Buffer.from(body.toString('utf8').replace('P1', 'P5'));
    const result = pagerdutyKind.verify(
      request(tampered, { 'x-pagerduty-signature': signature }),
      config,
    );
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(JSON.stringify(result)).not.toContain(signature.slice(3));
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('refuses a signature made with another secret with 403', () => {
    const headers = { 'x-pagerduty-signature': sign('someone-elses-secret-000', body) };
    expect(pagerdutyKind.verify(request(body, headers), config)).toMatchObject({
      ok: false,
      status: 403,
      reason: "X-PagerDuty-Signature matches none of this source's secrets",
    });
  });

  it('refuses a missing header, and one with no v1 signature, with 401', () => {
    expect(pagerdutyKind.verify(request(body, {}), config)).toEqual({
      ok: false,
      status: 401,
      reason: 'missing X-PagerDuty-Signature header',
    });
    const v0 = sign(SECRET, body).replace('v1=', 'v0=');
    expect(
      pagerdutyKind.verify(request(body, { 'x-pagerduty-signature': v0 }), config),
    ).toMatchObject({ ok: false, status: 401 });
  });
});

function parseOne(payload: unknown): NormalizedAlert {
  const result = pagerdutyKind.parse(payload, config, request(body, {}));
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  expect(result.alerts).toHaveLength(1);
  return result.alerts[0] as NormalizedAlert;
}

describe('pagerduty parse', () => {
  it('maps incident.triggered to a firing alert at the incident creation time', () => {
    const alert = parseOne(pagerdutyWebhook('incident.triggered', incidentData()));
    expect(alert).toEqual({
      dedupeKey: INCIDENT_ID,
      status: 'firing',
      title: 'Checkout 5xx above 5 % in eu-west-1',
      description: undefined,
      severity: 'P1',
      eventTime: Date.parse(CREATED_AT),
      labels: {
        event_type: 'incident.triggered',
        status: 'triggered',
        urgency: 'high',
        priority: 'P1',
        service: 'Checkout API',
        service_id: 'PSVC01A',
        escalation_policy: 'Checkout primary',
        teams: 'Payments, SRE',
        incident_number: '4172',
        incident_key: 'checkout-5xx-eu-west-1',
      },
      annotations: { agent: 'Avery Chen', client: 'PagerDuty' },
      links: [{ label: 'PagerDuty incident', url: INCIDENT_URL }],
      deliveryId: '01EVTINCIDENTTRIGGERED',
    });
  });

  it.each([
    ['incident.reopened', 'firing'],
    ['incident.acknowledged', 'acknowledged'],
    ['incident.resolved', 'resolved'],
    ['incident.escalated', 'annotated'],
    ['incident.delegated', 'annotated'],
    ['incident.reassigned', 'annotated'],
    ['incident.unacknowledged', 'annotated'],
    ['incident.priority_updated', 'annotated'],
    ['incident.some_future_change', 'annotated'],
  ])('maps %s (an incident data event) to %s at occurred_at', (eventType, status) => {
    const alert = parseOne(pagerdutyWebhook(eventType, incidentData({ status: 'acknowledged' })));
    expect(alert.status).toBe(status);
    expect(alert.dedupeKey).toBe(INCIDENT_ID);
    expect(alert.eventTime).toBe(Date.parse(OCCURRED_AT));
    expect(alert.labels['event_type']).toBe(eventType);
  });

  it('says what changed on an annotated incident event, and who changed it', () => {
    const alert = parseOne(pagerdutyWebhook('incident.priority_updated', incidentData()));
    expect(alert.description).toBe('PagerDuty incident.priority_updated by Avery Chen: P1');
  });

  it.each([
    ['incident.annotated', noteData('Rolled back checkout to v41'), 'Rolled back checkout to v41'],
    ['incident.status_update_published', statusUpdateData('Fix deploying'), 'Fix deploying'],
    ['incident.responder.added', responderData('Need a DBA on this'), 'Need a DBA on this'],
    ['incident.responder.replied', responderData('On my way'), 'On my way'],
    [
      'incident.custom_field_values.updated',
      { incident: incidentReference, custom_fields: [] },
      'PagerDuty incident.custom_field_values.updated by Avery Chen',
    ],
  ])('maps %s (data points at the incident) to an annotated entry', (eventType, data, text) => {
    const alert = parseOne(pagerdutyWebhook(eventType, data));
    expect(alert).toMatchObject({
      dedupeKey: INCIDENT_ID,
      status: 'annotated',
      title: 'Checkout 5xx above 5 % in eu-west-1',
      description: text,
      eventTime: Date.parse(OCCURRED_AT),
      links: [{ label: 'PagerDuty incident', url: INCIDENT_URL }],
    });
  });

  it('takes urgency as the severity when the incident has no priority', () => {
    const alert = parseOne(
      pagerdutyWebhook('incident.triggered', incidentData({ priority: null, urgency: 'low' })),
    );
    expect(alert.severity).toBe('low');
    expect(alert.labels).not.toHaveProperty('priority');
  });

  it('keeps only an http(s) incident link', () => {
    const alert = parseOne(
      pagerdutyWebhook('incident.triggered', incidentData({ html_url: 'javascript:alert(1)' })),
    );
    expect(alert.links).toEqual([]);
  });

  it('uses occurred_at for a trigger without created_at', () => {
    const data = incidentData();
    delete data['created_at'];
    expect(parseOne(pagerdutyWebhook('incident.triggered', data)).eventTime).toBe(
      Date.parse(OCCURRED_AT),
    );
  });

  it('accepts service events with nothing to record', () => {
    const payload = pagerdutyWebhook(
      'service.updated',
      { id: 'PSVC01A', type: 'service' },
      {
        agent: null,
        client: null,
      },
    );
    expect(pagerdutyKind.parse(payload, config, request(body, {}))).toEqual({
      ok: true,
      alerts: [],
    });
  });

  it.each([
    [{ nope: true }, 'not a PagerDuty V3 webhook: event: is required (expected object)'],
    [
      pagerdutyWebhook('incident.triggered', incidentData({ title: undefined })),
      'incident.triggered: event.data.title: is required (expected string)',
    ],
    [
      pagerdutyWebhook('incident.triggered', incidentData({ created_at: '24/03/2026' })),
      'event.data.created_at: "24/03/2026" is not an ISO-8601 time with a zone (e.g. 2024-12-11T14:32:00Z)',
    ],
    [
      pagerdutyWebhook('incident.annotated', { type: 'incident_note', content: 'x' }),
      'incident.annotated: event.data names no incident (no data.incident.id)',
    ],
  ])('refuses a body of the wrong shape with 400 naming the field (%#)', (payload, reason) => {
    expect(pagerdutyKind.parse(payload, config, request(body, {}))).toEqual({
      ok: false,
      status: 400,
      reason,
    });
  });
});

describe('pagerduty config', () => {
  it('takes one secret or a list of them', () => {
    expect(pagerdutyKind.configSchema.parse({ secret: SECRET })).toEqual({ secrets: [SECRET] });
    expect(pagerdutyKind.configSchema.parse({ secrets: [SECRET, NEXT_SECRET] })).toEqual({
      secrets: [SECRET, NEXT_SECRET],
    });
  });

  it('refuses no secret, and an unknown field', () => {
    expect(pagerdutyKind.configSchema.safeParse({}).success).toBe(false);
    expect(pagerdutyKind.configSchema.safeParse({ secret: SECRET, secert: 'x' }).success).toBe(
      false,
    );
  });
});
