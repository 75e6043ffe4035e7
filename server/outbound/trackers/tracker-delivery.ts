import type { OutboundEvent } from '../outbound-event';
import { sendAttempt, type AttemptResult } from '../send-attempt';
import type { FollowUpIssues } from './follow-up-issue-store';
import type { TrackerTarget } from './tracker-config';
import {
  createdIssueOf,
  followUpMarker,
  foundIssueOf,
  githubIssueRequest,
  githubLookup,
  jiraIssueRequest,
  jiraLookup,
  type CreatedIssue,
} from './tracker-requests';

/**
 * One try of a follow-up: the issue the relay already made of this (room, item, target), or a
 * create request to the tracker. The created issue is stored before this returns, so the
 * receipt, the write-back into the room and any later request find it: one issue however often
 * the item is sent. A create that was sent before but whose answer never came (a timeout, a
 * reset, `kill -9` mid-request) may have made the issue: then the tracker is first asked for an
 * issue carrying this follow-up's marker. Retries as every delivery does (5xx, 429, no answer);
 * a 4xx (credentials, a missing project) is failed at once and shown in the item. A 2xx whose
 * body names no issue is failed, not retried: the issue may exist, and a retry could make a
 * second one.
 */
export async function sendFollowUp(
  event: OutboundEvent,
  target: TrackerTarget,
  issues: FollowUpIssues,
  roomUrl: string | null,
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<AttemptResult> {
  if (event.data.type !== 'follow-up.created') {
    const error = `a ${target.kind} target takes follow-ups only`;
    return { verdict: 'failed', status: null, error, retryAfter: null };
  }
  const key = [event.room.id, event.data.itemId, target.id] as const;
  if (await issues.get(...key)) {
    return { verdict: 'delivered', status: null, error: null, retryAfter: null };
  }
  const sentAt = await issues.firstSentAt(...key);
  if (sentAt !== null) {
    const found = await lookUp(target, followUpMarker(...key), sentAt, timeoutMs, shutdown);
    if ('verdict' in found) return found;
    if (found.issue) return keep(issues, key, found.issue, found.result);
  }
  const { tracker } = target;
  const request =
    tracker.kind === 'github'
      ? githubIssueRequest(event, tracker, roomUrl, target.id)
      : jiraIssueRequest(event, tracker, roomUrl, target.id);
  await issues.markSent(...key, Date.now());
  const result = await sendAttempt(target.url, request, timeoutMs, shutdown);
  if (result.verdict !== 'delivered') return result;
  const issue = createdIssueOf(tracker, result.answer ?? '');
  if (!issue) {
    const error = `HTTP ${result.status}: the answer names no issue (not sent again)`;
    return { ...result, verdict: 'failed', error };
  }
  return keep(issues, key, issue, result);
}

async function keep(
  issues: FollowUpIssues,
  key: readonly [string, string, string],
  issue: CreatedIssue,
  result: AttemptResult,
): Promise<AttemptResult> {
  await issues.put(...key, issue, Date.now());
  return result;
}

/**
 * Asks the tracker for an issue with the marker. `{ issue }` (null: there is none, so creating
 * is safe), or the try's result when the tracker did not answer usably: a refusal or no answer
 * as any try's, a 2xx the relay cannot read as failed (creating then could make a second issue).
 */
async function lookUp(
  target: TrackerTarget,
  marker: string,
  sentAt: number,
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<{ issue: CreatedIssue | null; result: AttemptResult } | AttemptResult> {
  const { tracker } = target;
  const lookup =
    tracker.kind === 'github'
      ? githubLookup(tracker, target.url, sentAt)
      : jiraLookup(tracker, marker);
  const result = await sendAttempt(lookup.url, lookup.request, timeoutMs, shutdown);
  if (result.verdict !== 'delivered') return result;
  const issue = foundIssueOf(tracker, marker, result.answer ?? '');
  if (issue === undefined) {
    const error = `HTTP ${result.status}: the issue lookup's answer was not readable (not created)`;
    return { ...result, verdict: 'failed', error };
  }
  return { issue, result };
}
