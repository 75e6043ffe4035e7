import { useState } from 'react';
import type { FollowUpTarget } from '../../../shared/ops/follow-up-issues';
import { requestFollowUpIssue } from '../../../shared/ops';
import type { ActionItemView } from '../../../shared/read/types';
import { useAppStore } from '../store/app-store';
import { InlineError } from './inline-error';

const KIND_NAMES: Record<string, string> = { github: 'GitHub', jira: 'Jira' };

/** How a tracker target is named to people: its id, and its kind when known. */
export function trackerName(target: FollowUpTarget): string {
  const kind = KIND_NAMES[target.kind];
  return kind ? `${target.id} (${kind})` : target.id;
}

/**
 * One action item's follow-ups: per tracker target the relay offers, the issue link once the
 * relay wrote it back, "sending…" while a request waits, why the tracker refused, or a "Send to"
 * button (open and in-progress items only). Issues made by targets the relay no longer offers
 * still show their links.
 */
export function FollowUpControls(props: {
  item: ActionItemView;
  targets: readonly FollowUpTarget[];
  readOnly: boolean;
}) {
  const { item, targets, readOnly } = props;
  const run = useAppStore((state) => state.run);
  const [error, setError] = useState<string | null>(null);
  const { requests, issues } = item.followUps;
  const open = item.status === 'open' || item.status === 'in-progress';
  const ids = [...new Set([...targets.map((target) => target.id), ...Object.keys(issues)])];
  if (ids.length === 0) return null;

  function send(targetId: string) {
    const result = run(requestFollowUpIssue, { itemId: item.id, targetId });
    setError(result.ok ? null : result.error);
  }

  return (
    <div className="row card__meta" aria-label={`Follow-ups of ${item.title}`}>
      {ids.map((id) => {
        const target = targets.find((offered) => offered.id === id) ?? { id, kind: '' };
        const issue = issues[id];
        const request = requests[id];
        if (issue?.state === 'created' && issue.url) {
          return (
            <a key={id} href={issue.url} target="_blank" rel="noreferrer">
              {trackerName(target)}: {issue.ref ?? issue.url}
            </a>
          );
        }
        // A request newer than the last refusal is still on its way.
        const waiting = request !== undefined && (!issue || request.at > issue.at);
        if (waiting) return <span key={id}>Sending to {trackerName(target)}…</span>;
        const offered = targets.some((offeredTarget) => offeredTarget.id === id);
        return (
          <span key={id}>
            {issue?.state === 'failed' && (
              <span role="status">
                Not sent to {trackerName(target)}: {issue.error}{' '}
              </span>
            )}
            {offered && open && !readOnly && (
              <button type="button" className="link" onClick={() => send(id)}>
                {issue ? 'Send again' : 'Send'} to {trackerName(target)}
              </button>
            )}
          </span>
        );
      })}
      <InlineError message={error} />
    </div>
  );
}
