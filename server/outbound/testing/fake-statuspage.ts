import type { IncidentFields } from '../statuspage-incident';
import { OutboundReceiver, type Answer, type ReceivedRequest } from './outbound-receiver';

export const STATUSPAGE_KEY = 'sp-api-key-7f3c9a1e5b2d4680';
export const STATUSPAGE_PAGE = 'kctbh9vrtdwd';

const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];
const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];

/**
 * A loopback stand-in for the Statuspage REST API (v1) subset the relay speaks: `POST
 * /v1/pages/{page}/incidents` creates an incident and answers 201 with it (a 12-character id,
 * as Statuspage's), `PATCH /v1/pages/{page}/incidents/{id}` updates a known one and answers 200,
 * `GET /v1/pages/{page}/incidents/unresolved` lists those not resolved with their updates.
 * Every request is checked against the documented format (method, path, `Authorization: OAuth
 * <key>`, JSON `{ incident: {...} }`, statuses); what does not fit is answered 4xx as
 * Statuspage would, and listed in `violations` so a test fails on it.
 */
export class FakeStatuspage {
  readonly violations: string[] = [];
  /** Incident id → the requests that made and changed it, in order. */
  readonly incidents = new Map<string, IncidentFields[]>();
  /** Answers before the documented handling: a status to refuse with (down, overloaded). */
  refuse: (index: number) => number | null = () => null;
  /** Handle the request, then never answer it (a relay killed while the answer is on its way). */
  loseAnswer: (request: Omit<ReceivedRequest, 'status'>, index: number) => boolean = () => false;

  private constructor(readonly receiver: OutboundReceiver) {
    receiver.answer = (request, index) => {
      const refused = this.refuse(index);
      if (refused !== null) return { status: refused, body: 'unavailable' };
      const answer = this.handle(request);
      return this.loseAnswer(request, index) ? 'hang' : answer;
    };
  }

  static async start(): Promise<FakeStatuspage> {
    return new FakeStatuspage(await OutboundReceiver.start());
  }

  /** The relay's `apiUrl` for this server. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.receiver.port}`;
  }

  /** The requests that changed incidents and were answered 2xx, parsed. */
  accepted(): { method: string; path: string; incident: IncidentFields }[] {
    return this.receiver.requests
      .filter((request) => request.method !== 'GET')
      .filter((request) => request.status !== null && request.status < 300)
      .map((request) => ({
        method: request.method,
        path: request.path,
        incident: (JSON.parse(request.body.toString('utf8')) as { incident: IncidentFields })
          .incident,
      }));
  }

  private handle(request: Omit<ReceivedRequest, 'status'>): Answer {
    const fault = (status: number, message: string): Answer => {
      this.violations.push(`${request.method} ${request.path}: ${message}`);
      return { status, body: JSON.stringify({ error: message }) };
    };
    if (request.headers.authorization !== `OAuth ${STATUSPAGE_KEY}`) {
      return fault(401, 'Authorization is not "OAuth <api key>"');
    }
    const match = /^\/v1\/pages\/([a-z0-9]+)\/incidents(?:\/([a-z0-9]+))?$/.exec(request.path);
    if (!match || match[1] !== STATUSPAGE_PAGE) return fault(404, 'no such page');
    if (request.method === 'GET' && match[2] === 'unresolved') return unresolvedOf(this.incidents);
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      return fault(415, 'not application/json');
    }
    let incident: IncidentFields;
    try {
      incident = (JSON.parse(request.body.toString('utf8')) as { incident: IncidentFields })
        .incident;
    } catch {
      return fault(400, 'the body is not JSON');
    }
    const problem = checkIncident(incident, request.method === 'POST');
    if (problem) return fault(422, problem);
    const id = match[2];
    if (request.method === 'POST' && id === undefined) {
      const created = Math.random().toString(36).slice(2, 14).padEnd(12, '0');
      this.incidents.set(created, [incident]);
      return { status: 201, body: incidentJson(created, incident) };
    }
    if (request.method === 'PATCH' && id !== undefined) {
      const history = this.incidents.get(id);
      if (!history) return fault(404, `no incident ${id}`);
      history.push(incident);
      return { status: 200, body: incidentJson(id, { ...history[0]!, ...incident }) };
    }
    return fault(405, 'method not allowed here');
  }
}

/** `GET …/incidents/unresolved`: the incidents not resolved, as Statuspage lists them. */
function unresolvedOf(incidents: ReadonlyMap<string, IncidentFields[]>): Answer {
  const listed = [...incidents].flatMap(([id, history]) => {
    const now = history.reduce((merged, change) => ({ ...merged, ...change }));
    if (now.status === 'resolved') return [];
    const incident = JSON.parse(incidentJson(id, now)) as Record<string, unknown>;
    const updates = history.map((change) => ({ status: change.status, body: change.body }));
    return [{ ...incident, incident_updates: updates.reverse() }];
  });
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(listed),
  };
}

function checkIncident(incident: IncidentFields | undefined, create: boolean): string | null {
  if (!incident || typeof incident !== 'object') return 'the body has no incident object';
  if (create && (typeof incident.name !== 'string' || incident.name === '')) return 'no name';
  if (!STATUSES.includes(incident.status)) return `status ${String(incident.status)}`;
  if (incident.body !== undefined && typeof incident.body !== 'string') return 'body not text';
  for (const status of Object.values(incident.components ?? {})) {
    if (!COMPONENT_STATUSES.includes(status)) return `component status ${status}`;
  }
  return null;
}

/** An answer shaped like Statuspage's incident object (the fields a client reads). */
function incidentJson(id: string, incident: IncidentFields): string {
  const now = new Date().toISOString();
  return JSON.stringify({
    id,
    name: incident.name,
    status: incident.status,
    impact: 'major',
    page_id: STATUSPAGE_PAGE,
    created_at: now,
    updated_at: now,
    resolved_at: incident.status === 'resolved' ? now : null,
    shortlink: `https://stspg.io/${id.slice(0, 6)}`,
    components: Object.entries(incident.components ?? {}).map(([componentId, status]) => ({
      id: componentId,
      status,
    })),
    incident_updates: [{ id: `u${id.slice(1)}`, status: incident.status, body: incident.body }],
  });
}
