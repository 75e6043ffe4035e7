/**
 * Loopback stand-ins for GitHub Issues and Jira Cloud, for tests: each checks every request
 * against the vendor's documented create call (method, path, headers, JSON fields; for Jira the
 * description's Atlassian Document Format) and answers as the vendor does: 201 with the created
 * issue, 401 for other credentials, 400/422 for a body the API would refuse. A request that does
 * not fit is kept in `refusals` with the reason, so a test sees why.
 */
import type { OutboundReceiver } from '../../testing/outbound-receiver';

export interface FakeIssue {
  readonly number: number;
  readonly url: string;
  readonly fields: Record<string, unknown>;
}

export interface FakeTracker {
  readonly issues: FakeIssue[];
  readonly refusals: string[];
  /**
   * When set, a create makes its issue and then never answers (`kill -9` of the relay, or a
   * lost answer, in the middle of it): the issue exists, the relay does not know.
   */
  hangAfterCreate: boolean;
}

type Arrived = Parameters<OutboundReceiver['answer']>[0];

function json(status: number, body: unknown) {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function parseBody(arrived: Arrived): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(arrived.body.toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isStrings = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');

/** GitHub REST "Create an issue": POST /repos/{owner}/{repo}/issues. */
export function fakeGitHub(receiver: OutboundReceiver, repo: string, token: string): FakeTracker {
  const tracker: FakeTracker = { issues: [], refusals: [], hangAfterCreate: false };
  receiver.answer = (arrived) => {
    const refuse = (status: number, reason: string) => {
      tracker.refusals.push(reason);
      return json(status, { message: reason, documentation_url: 'https://docs.github.com/rest' });
    };
    const { headers } = arrived;
    const url = new URL(arrived.path, 'http://fake');
    if (url.pathname !== `/repos/${repo}/issues` || !['GET', 'POST'].includes(arrived.method)) {
      return refuse(404, `Not Found: ${arrived.method} ${arrived.path}`);
    }
    if (headers.authorization !== `Bearer ${token}`) return refuse(401, 'Bad credentials');
    if (headers.accept !== 'application/vnd.github+json') return refuse(415, 'Accept header');
    if (headers['x-github-api-version'] !== '2022-11-28') return refuse(400, 'API version');
    if (arrived.method === 'GET') {
      // "List repository issues": newest first, as asked; every issue here is recent.
      const query = url.searchParams;
      if (query.get('state') !== 'all' || Number.isNaN(Date.parse(query.get('since') ?? ''))) {
        return refuse(422, 'Validation Failed: state=all and since are expected');
      }
      const listed = [...tracker.issues].reverse().map((issue) => ({
        number: issue.number,
        html_url: issue.url,
        title: issue.fields.title,
        body: issue.fields.body,
        state: 'open',
      }));
      return json(200, listed);
    }
    if (!String(headers['content-type']).startsWith('application/json')) {
      return refuse(415, 'Content-Type');
    }
    if (!headers['user-agent']) return refuse(403, 'Request forbidden: no User-Agent');
    const body = parseBody(arrived);
    const fieldsOk =
      body !== null &&
      typeof body.title === 'string' &&
      body.title !== '' &&
      typeof body.body === 'string' &&
      (body.labels === undefined || isStrings(body.labels)) &&
      (body.assignees === undefined || isStrings(body.assignees)) &&
      Object.keys(body).every((key) => ['title', 'body', 'labels', 'assignees'].includes(key));
    if (!fieldsOk) return refuse(422, 'Validation Failed');
    const number = tracker.issues.length + 1;
    const page = `https://github.com/${repo}/issues/${number}`;
    tracker.issues.push({ number, url: page, fields: body });
    if (tracker.hangAfterCreate) return 'hang';
    return json(201, {
      id: 1000 + number,
      number,
      url: `https://api.github.com/repos/${repo}/issues/${number}`,
      html_url: page,
      state: 'open',
      title: body.title,
      body: body.body,
      labels: (body.labels as string[]).map((name) => ({ name })),
    });
  };
  return tracker;
}

/** An ADF document of paragraphs of text nodes, as the relay writes descriptions. */
function isAdfDoc(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const doc = value as { type?: unknown; version?: unknown; content?: unknown };
  if (doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) return false;
  return doc.content.every((block: { type?: unknown; content?: unknown }) => {
    if (block.type !== 'paragraph' || !Array.isArray(block.content)) return false;
    return block.content.every(
      (node: { type?: unknown; text?: unknown }) =>
        node.type === 'text' && typeof node.text === 'string' && node.text !== '',
    );
  });
}

/** Jira Cloud REST v3 "Create issue": POST /rest/api/3/issue, basic auth email:api-token. */
export function fakeJira(
  receiver: OutboundReceiver,
  project: string,
  email: string,
  token: string,
): FakeTracker {
  const tracker: FakeTracker = { issues: [], refusals: [], hangAfterCreate: false };
  const basic = `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
  receiver.answer = (arrived) => {
    const refuse = (status: number, reason: string) => {
      tracker.refusals.push(reason);
      return json(status, { errorMessages: [reason], errors: {} });
    };
    const url = new URL(arrived.path, 'http://fake');
    const search = arrived.method === 'GET' && url.pathname === '/rest/api/3/search/jql';
    if (!search && (arrived.method !== 'POST' || url.pathname !== '/rest/api/3/issue')) {
      return refuse(404, `Not Found: ${arrived.method} ${arrived.path}`);
    }
    if (arrived.headers.authorization !== basic) {
      return refuse(401, 'Client must be authenticated to access this resource.');
    }
    if (search) {
      // "Search for issues using JQL": only the form the relay writes is understood here.
      const jql = url.searchParams.get('jql') ?? '';
      const match = /^project = "([A-Z0-9_]+)" AND text ~ "\\"([a-z0-9-]+)\\""$/.exec(jql);
      if (!match || match[1] !== project) return refuse(400, `Error in the JQL Query: ${jql}`);
      const marker = match[2]!;
      const found = tracker.issues.filter((issue) =>
        JSON.stringify(issue.fields.description).includes(marker),
      );
      return json(200, {
        issues: found.map((issue) => ({
          id: String(10_000 + issue.number),
          key: `${project}-${issue.number}`,
        })),
        isLast: true,
      });
    }
    if (!String(arrived.headers['content-type']).startsWith('application/json')) {
      return refuse(415, 'Content-Type');
    }
    const fields = parseBody(arrived)?.fields as Record<string, unknown> | undefined;
    const projectOk = (fields?.project as { key?: unknown } | undefined)?.key === project;
    const typeOk = typeof (fields?.issuetype as { name?: unknown } | undefined)?.name === 'string';
    const assignee = fields?.assignee as { id?: unknown } | undefined;
    const fieldsOk =
      fields !== undefined &&
      projectOk &&
      typeOk &&
      typeof fields.summary === 'string' &&
      !/[\r\n]/.test(fields.summary) &&
      isAdfDoc(fields.description) &&
      (fields.labels === undefined ||
        (isStrings(fields.labels) && (fields.labels as string[]).every((l) => !/\s/.test(l)))) &&
      (assignee === undefined || typeof assignee.id === 'string');
    if (!fieldsOk) return refuse(400, 'Field errors');
    const number = tracker.issues.length + 1;
    const key = `${project}-${number}`;
    const origin = `http://127.0.0.1:${receiver.port}`;
    tracker.issues.push({ number, url: `${origin}/browse/${key}`, fields });
    if (tracker.hangAfterCreate) return 'hang';
    return json(201, {
      id: String(10_000 + number),
      key,
      self: `${origin}/rest/api/3/issue/${10_000 + number}`,
    });
  };
  return tracker;
}
