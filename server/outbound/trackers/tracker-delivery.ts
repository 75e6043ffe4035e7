import type { OutboundEvent } from '../outbound-event';
import { sendAttempt, type AttemptResult } from '../send-attempt';
import type { FollowUpIssueStore } from './follow-up-issue-store';
import type { TrackerTarget } from './tracker-config';
import { createdIssueOf, githubIssueRequest, jiraIssueRequest } from './tracker-requests';

/**
 * One try of a follow-up: the issue the relay already made of this (room, item, target), or a
 * create request to the tracker. The created issue is stored before this returns, so the
 * receipt, the write-back into the room and any later request find it: one issue however often
 * the item is sent. Retries as every delivery does (5xx, 429, no answer); a 4xx (credentials, a
 * missing project) is failed at once and shown in the item. A 2xx whose body names no issue is
 * failed, not retried: the issue may exist, and a retry could make a second one.
 */
export async function sendFollowUp(
  event: OutboundEvent,
  target: TrackerTarget,
  issues: FollowUpIssueStore,
  roomUrl: string | null,
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<AttemptResult> {
  if (event.data.type !== 'follow-up.created') {
    const error = `a ${target.kind} target takes follow-ups only`;
    return { verdict: 'failed', status: null, error, retryAfter: null };
  }
  const { itemId } = event.data;
  if (issues.get(event.room.id, itemId, target.id)) {
    return { verdict: 'delivered', status: null, error: null, retryAfter: null };
  }
  const { tracker } = target;
  const request =
    tracker.kind === 'github'
      ? githubIssueRequest(event, tracker, roomUrl)
      : jiraIssueRequest(event, tracker, roomUrl);
  const result = await sendAttempt(target.url, request, timeoutMs, shutdown);
  if (result.verdict !== 'delivered') return result;
  const issue = createdIssueOf(tracker, result.answer ?? '');
  if (!issue) {
    const error = `HTTP ${result.status}: the answer names no issue (not sent again)`;
    return { ...result, verdict: 'failed', error };
  }
  issues.put(event.room.id, itemId, target.id, issue, Date.now());
  return result;
}
