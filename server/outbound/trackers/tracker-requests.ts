import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { OutboundEvent } from '../outbound-event';
import { roomLink } from '../room-link';
import type { OutboundRequest } from '../webhook-request';
import type { TrackerSettings } from './tracker-config';

type GitHubSettings = Extract<TrackerSettings, { kind: 'github' }>;
type JiraSettings = Extract<TrackerSettings, { kind: 'jira' }>;

/** The follow-up part of an event (what an issue is made of). */
type FollowUp = Extract<OutboundEvent['data'], { type: 'follow-up.created' }>;

/** GitHub's REST API version this relay speaks (the `X-GitHub-Api-Version` header). */
export const GITHUB_API_VERSION = '2022-11-28';
/** GitHub limits an issue title to 256 characters; Jira's summary to 255. */
const TITLE_CHARS = 255;

/** The created issue, as the relay keeps it and writes it into the room. */
export interface CreatedIssue {
  readonly url: string;
  /** `#42` or `OPS-7`. */
  readonly ref: string;
}

/**
 * A word that names one (room, item, target) and nothing else, written at the end of every
 * description, so the relay can find an issue a create made whose answer it never got.
 */
export function followUpMarker(roomId: string, itemId: string, targetId: string): string {
  const hash = createHash('sha256').update(`${roomId}\0${itemId}\0${targetId}`).digest('hex');
  return `incident-room-follow-up-${hash.slice(0, 24)}`;
}

/** The plain lines of an issue's description: what, who, when, and where it came from. */
export function descriptionLines(
  event: OutboundEvent,
  roomUrl: string | null,
  targetId: string,
): string[] {
  const data = event.data as FollowUp;
  const link = roomLink(roomUrl, event.room.id);
  const lines = [
    `Follow-up from the incident "${event.room.title ?? event.room.id}"` +
      (event.room.severity ? ` (${event.room.severity})` : '') +
      '.',
    `Owner: ${data.owner ?? 'nobody yet'} · priority ${data.priority ?? '—'} · due ${data.due ?? '—'}`,
    `Sent from the incident room by ${data.requestedBy.name}.`,
  ];
  if (link) lines.push(`Incident room and postmortem: ${link}`);
  if (data.postmortemSummary.trim() !== '') {
    lines.push(`Postmortem summary: ${data.postmortemSummary.trim()}`);
  }
  lines.push(`Reference: ${followUpMarker(event.room.id, data.itemId, targetId)}`);
  return lines;
}

function title(event: OutboundEvent): string {
  return (event.data as FollowUp).title.slice(0, TITLE_CHARS);
}

/** POST /repos/{owner}/{repo}/issues (GitHub REST "Create an issue"). */
export function githubIssueRequest(
  event: OutboundEvent,
  tracker: GitHubSettings,
  roomUrl: string | null,
  targetId: string,
): OutboundRequest {
  const owner = (event.data as FollowUp).owner;
  const login = owner === null ? undefined : tracker.assignees.get(owner);
  const body = {
    title: title(event),
    body: descriptionLines(event, roomUrl, targetId).join('\n\n'),
    labels: [...tracker.labels],
    ...(login ? { assignees: [login] } : {}),
  };
  return { body: JSON.stringify(body), headers: githubHeaders(tracker), readAnswer: true };
}

function githubHeaders(tracker: GitHubSettings): Record<string, string> {
  return {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${tracker.token}`,
    'Content-Type': 'application/json',
    'User-Agent': 'incident-room-relay',
    'X-GitHub-Api-Version': GITHUB_API_VERSION,
  };
}

/** POST /rest/api/3/issue (Jira Cloud), the description in Atlassian Document Format. */
export function jiraIssueRequest(
  event: OutboundEvent,
  tracker: JiraSettings,
  roomUrl: string | null,
  targetId: string,
): OutboundRequest {
  const owner = (event.data as FollowUp).owner;
  const accountId = owner === null ? undefined : tracker.assignees.get(owner);
  const fields = {
    project: { key: tracker.project },
    summary: title(event).replace(/[\r\n]+/g, ' '), // a summary is one line
    issuetype: { name: tracker.issueType },
    description: {
      type: 'doc',
      version: 1,
      content: descriptionLines(event, roomUrl, targetId).map((text) => ({
        type: 'paragraph',
        content: [{ type: 'text', text }],
      })),
    },
    labels: [...tracker.labels],
    ...(accountId ? { assignee: { id: accountId } } : {}),
  };
  return { body: JSON.stringify({ fields }), headers: jiraHeaders(tracker), readAnswer: true };
}

function jiraHeaders(tracker: JiraSettings): Record<string, string> {
  const basic = Buffer.from(`${tracker.email}:${tracker.token}`, 'utf8').toString('base64');
  return {
    Accept: 'application/json',
    Authorization: `Basic ${basic}`,
    'Content-Type': 'application/json',
  };
}

/** Where to look for an issue a create may have made, and how (a GET, its answer read). */
export interface IssueLookup {
  readonly url: string;
  readonly request: OutboundRequest;
}

/**
 * GitHub "List repository issues", newest first, updated since the first create was sent (an
 * issue made by it was created, so updated, after): a list, not the search index, so an issue
 * made a moment ago is in it. One page of 100: a repository that gets more issues between a lost
 * answer and the retry is not looked through further.
 */
export function githubLookup(
  tracker: GitHubSettings,
  createUrl: string,
  since: number,
): IssueLookup {
  const query = new URLSearchParams({
    state: 'all',
    sort: 'created',
    direction: 'desc',
    per_page: '100',
    since: new Date(since - 60_000).toISOString(), // a minute of clock skew
  });
  return {
    url: `${createUrl}?${query.toString()}`,
    request: { method: 'GET', body: '', headers: githubHeaders(tracker), readAnswer: true },
  };
}

/** Jira "Search for issues using JQL": the project's issues whose text has the marker. */
export function jiraLookup(tracker: JiraSettings, marker: string): IssueLookup {
  const query = new URLSearchParams({
    jql: `project = "${tracker.project}" AND text ~ "\\"${marker}\\""`,
    fields: 'summary',
    maxResults: '10',
  });
  return {
    url: `${tracker.site}/rest/api/3/search/jql?${query.toString()}`,
    request: { method: 'GET', body: '', headers: jiraHeaders(tracker), readAnswer: true },
  };
}

const githubList = z.array(
  z.looseObject({ number: z.int(), html_url: z.string(), body: z.string().nullable().optional() }),
);
const jiraSearch = z.looseObject({ issues: z.array(z.looseObject({ key: z.string() })) });

/**
 * The issue a lookup's answer shows carrying the marker; null when none does; undefined when the
 * answer is not what the API documents (then nothing is known, and nothing is created).
 */
export function foundIssueOf(
  tracker: TrackerSettings,
  marker: string,
  answer: string,
): CreatedIssue | null | undefined {
  const json = jsonOf(answer);
  if (tracker.kind === 'github') {
    const parsed = githubList.safeParse(json);
    if (!parsed.success) return undefined;
    const found = parsed.data.find((issue) => issue.body?.includes(marker));
    return found ? { url: found.html_url, ref: `#${found.number}` } : null;
  }
  const parsed = jiraSearch.safeParse(json);
  if (!parsed.success) return undefined;
  const key = parsed.data.issues[0]?.key;
  return key ? { url: `${tracker.site}/browse/${key}`, ref: key } : null;
}

const githubAnswer = z.object({ html_url: z.url(), number: z.int() });
const jiraAnswer = z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/) });

/** The created issue from a 2xx answer, or null when the answer is not what the API documents. */
export function createdIssueOf(tracker: TrackerSettings, answer: string): CreatedIssue | null {
  const json = jsonOf(answer);
  if (tracker.kind === 'github') {
    const parsed = githubAnswer.safeParse(json);
    return parsed.success ? { url: parsed.data.html_url, ref: `#${parsed.data.number}` } : null;
  }
  // Jira answers `self` as the API URL of the issue; people want its page, …/browse/KEY.
  const parsed = jiraAnswer.safeParse(json);
  return parsed.success
    ? { url: `${tracker.site}/browse/${parsed.data.key}`, ref: parsed.data.key }
    : null;
}

/** A 2xx answer as JSON; undefined when it is not JSON, which no answer schema accepts. */
function jsonOf(answer: string): unknown {
  try {
    return JSON.parse(answer);
  } catch {
    return undefined;
  }
}
