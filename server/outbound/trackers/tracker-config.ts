import { z } from 'zod';
import { isRecord } from '../../../shared/doc/shapes';
import { problemAt, problemsOf, type FileProblem } from '../../config-files/yaml-config-file';

/** The tracker kinds of the outbound file: they receive follow-ups, never routed events. */
export const TRACKER_KINDS = ['github', 'jira'] as const;
export type TrackerKind = (typeof TRACKER_KINDS)[number];

export function isTrackerKind(kind: string): kind is TrackerKind {
  return (TRACKER_KINDS as readonly string[]).includes(kind);
}

/** What a tracker target needs besides its URL; `token` is a secret: never log a target. */
export type TrackerSettings =
  | {
      readonly kind: 'github';
      /** `owner/repo`. */
      readonly repo: string;
      readonly token: string;
      readonly labels: readonly string[];
      /** Action item owner (as written in the room) → GitHub login. */
      readonly assignees: ReadonlyMap<string, string>;
    }
  | {
      readonly kind: 'jira';
      /** The site, e.g. `https://acme.atlassian.net` (the browse links are made from it). */
      readonly site: string;
      readonly email: string;
      readonly token: string;
      readonly project: string;
      readonly issueType: string;
      readonly labels: readonly string[];
      /** Action item owner → Jira accountId. */
      readonly assignees: ReadonlyMap<string, string>;
    };

/** A tracker target of the outbound file. Holds a credential: never log one. */
export interface TrackerTarget {
  readonly id: string;
  readonly kind: TrackerKind;
  /** The issue-creating endpoint (GitHub's `…/repos/o/r/issues`, Jira's `…/rest/api/3/issue`). */
  readonly url: string;
  readonly tracker: TrackerSettings;
}

const HTTP_BASE = /^https?:\/\/[^\s/]+(\/[^\s]*)?$/i;
const baseUrl = z
  .string()
  .max(2_000)
  .regex(HTTP_BASE, { error: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));
const token = z.string().min(1).max(4_000);
const assignees = z.record(z.string().min(1).max(200), z.string().min(1).max(200)).default({});

const KIND_SCHEMAS = {
  github: z.strictObject({
    repo: z.string().regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, {
      error: 'must be owner/repo',
    }),
    token,
    apiUrl: baseUrl.default('https://api.github.com'),
    labels: z.array(z.string().min(1).max(50)).max(20).default([]),
    assignees,
  }),
  jira: z.strictObject({
    url: baseUrl,
    email: z.string().regex(/^[^\s@]+@[^\s@]+$/, { error: 'must be an email address' }),
    token,
    project: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, { error: 'must be a Jira project key' }),
    issueType: z.string().min(1).max(100).default('Task'),
    // Jira labels cannot contain spaces.
    labels: z
      .array(z.string().regex(/^\S{1,255}$/, { error: 'must have no spaces' }))
      .max(20)
      .default([]),
    assignees,
  }),
} as const;

/**
 * The credential must be named, `{ env: NAME }` or `{ file: PATH }`, never written in the file:
 * checked on the raw entry, before references are read.
 */
export function checkTokenIsReference(
  raw: Record<string, unknown>,
  index: number,
  problems: FileProblem[],
): boolean {
  const value = raw.token;
  const named =
    isRecord(value) && Object.keys(value).length === 1 && ('env' in value || 'file' in value);
  if (value !== undefined && !named) {
    problems.push(
      problemAt(
        ['targets', index, 'token'],
        'must be { env: NAME } or { file: PATH }, not written here',
      ),
    );
    return false;
  }
  return true;
}

/** A tracker target, its kind's fields checked; null (with problems) when they do not fit. */
export function readTrackerTarget(
  id: string,
  kind: TrackerKind,
  resolved: unknown,
  index: number,
  problems: FileProblem[],
): TrackerTarget | null {
  const parsed = KIND_SCHEMAS[kind].safeParse(resolved);
  if (!parsed.success) {
    problems.push(...problemsOf(parsed.error, ['targets', index]));
    return null;
  }
  const data = parsed.data;
  const assigneeMap = new Map(Object.entries(data.assignees));
  if ('repo' in data) {
    const { repo, token, labels } = data;
    const url = `${data.apiUrl}/repos/${repo}/issues`;
    return {
      id,
      kind,
      url,
      tracker: { kind: 'github', repo, token, labels, assignees: assigneeMap },
    };
  }
  return {
    id,
    kind,
    url: `${data.url}/rest/api/3/issue`,
    tracker: {
      kind: 'jira',
      site: data.url,
      email: data.email,
      token: data.token,
      project: data.project,
      issueType: data.issueType,
      labels: data.labels,
      assignees: assigneeMap,
    },
  };
}
