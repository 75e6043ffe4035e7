import { z } from 'zod';
import type { OutboundEvent } from '../outbound-event';
import { roomLink } from '../room-link';
import type { OutboundRequest } from '../webhook-request';
import type { TrackerSettings } from './tracker-config';

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

/** The plain lines of an issue's description: what, who, when, and where it came from. */
export function descriptionLines(event: OutboundEvent, roomUrl: string | null): string[] {
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
  return lines;
}

function title(event: OutboundEvent): string {
  return (event.data as FollowUp).title.slice(0, TITLE_CHARS);
}

/** POST /repos/{owner}/{repo}/issues (GitHub REST "Create an issue"). */
export function githubIssueRequest(
  event: OutboundEvent,
  tracker: Extract<TrackerSettings, { kind: 'github' }>,
  roomUrl: string | null,
): OutboundRequest {
  const owner = (event.data as FollowUp).owner;
  const login = owner === null ? undefined : tracker.assignees.get(owner);
  const body = {
    title: title(event),
    body: descriptionLines(event, roomUrl).join('\n\n'),
    labels: [...tracker.labels],
    ...(login ? { assignees: [login] } : {}),
  };
  return {
    body: JSON.stringify(body),
    headers: {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${tracker.token}`,
      'Content-Type': 'application/json',
      'User-Agent': 'incident-room-relay',
      'X-GitHub-Api-Version': GITHUB_API_VERSION,
    },
    readAnswer: true,
  };
}

/** POST /rest/api/3/issue (Jira Cloud), the description in Atlassian Document Format. */
export function jiraIssueRequest(
  event: OutboundEvent,
  tracker: Extract<TrackerSettings, { kind: 'jira' }>,
  roomUrl: string | null,
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
      content: descriptionLines(event, roomUrl).map((text) => ({
        type: 'paragraph',
        content: [{ type: 'text', text }],
      })),
    },
    labels: [...tracker.labels],
    ...(accountId ? { assignee: { id: accountId } } : {}),
  };
  const basic = Buffer.from(`${tracker.email}:${tracker.token}`, 'utf8').toString('base64');
  return {
    body: JSON.stringify({ fields }),
    headers: {
      Accept: 'application/json',
      Authorization: `Basic ${basic}`,
      'Content-Type': 'application/json',
    },
    readAnswer: true,
  };
}

const githubAnswer = z.object({ html_url: z.url(), number: z.int() });
const jiraAnswer = z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/) });

/** The created issue from a 2xx answer, or null when the answer is not what the API documents. */
export function createdIssueOf(tracker: TrackerSettings, answer: string): CreatedIssue | null {
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    return null;
  }
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
