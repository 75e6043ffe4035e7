import { useState } from 'react';
import { LIMITS } from '../../../shared/doc/limits';
import {
  approveStatusUpdate,
  publishStatusUpdate,
  requestStatusReview,
  setStatusDraft,
} from '../../../shared/ops';
import type { StatusView } from '../../../shared/read';
import { buildStatusUpdateView } from '../../../shared/templates/build-status-update-view';
import { renderStatusUpdate } from '../../../shared/templates/render-status-update';
import { useAppStore } from '../store/app-store';
import { bundledTemplates } from '../templates/bundled-templates';
import { localDateTime, utcClock, utcDateTime } from '../../../shared/util/utc-time';
import { CollabTextEditor } from './collab-text-editor';
import { InlineError } from './inline-error';

const REVIEW_TEXT: Record<StatusView['review'], string> = {
  draft: 'Draft: not yet approved.',
  'in-review': 'Waiting for approval by the IC or comms lead.',
  approved: 'Approved: ready to publish.',
  'approval-void':
    'Approval void: the draft changed after it was approved. Ask for approval again.',
};

export function StatusPanel() {
  const status = useAppStore((state) => state.view?.status);
  const view = useAppStore((state) => state.view);
  const run = useAppStore((state) => state.run);
  const operationContext = useAppStore((state) => state.operationContext);
  const draftText = useAppStore((state) => (state.room ? state.sharedText('statusDraft') : null));
  const readOnly = useAppStore(
    (state) => state.rooms?.find((room) => room.id === state.roomId)?.access === 'read',
  );
  const canApprove = useAppStore((state) => {
    const me = state.profile?.id;
    const roles = state.view?.roles;
    return me !== undefined && (roles?.ic?.id === me || roles?.comms?.id === me);
  });
  // The IC has nobody to ask: they approve directly, so "Request review" is for everyone else.
  const isIc = useAppStore((state) => {
    const me = state.profile?.id;
    return me !== undefined && state.view?.roles?.ic?.id === me;
  });
  const setEditing = useAppStore((state) => state.setEditing);
  const awareness = useAppStore((state) => state.room?.awareness ?? null);
  const [error, setError] = useState<string | null>(null);
  const [confirmReplace, setConfirmReplace] = useState(false);
  if (!status || !view || !draftText) return null;

  const act = (result: { ok: true } | { ok: false; error: string }) =>
    setError(result.ok ? null : result.error);

  function insertTemplate() {
    if (!view) return;
    const templates = bundledTemplates();
    const template = templates.statusTemplates.get(view.phase ?? 'investigating');
    if (!template) {
      setError(`No status template for the ${view.phase ?? 'current'} phase is available.`);
      return;
    }
    if (status?.draft.trim() && !confirmReplace) {
      setConfirmReplace(true);
      return;
    }
    setConfirmReplace(false);
    // The relay-corrected clock the operations use, so "now" agrees with the room's milestones.
    const nowMs = operationContext()?.now() ?? Date.now();
    const text = renderStatusUpdate(
      template,
      buildStatusUpdateView(view, { nowMs, severityPolicy: templates.severityPolicy }),
    );
    act(run(setStatusDraft, { text }));
  }

  return (
    <section className="panel" aria-labelledby="status-title">
      <h2 id="status-title">Status update</h2>
      <div className="row">
        <button type="button" onClick={insertTemplate} disabled={readOnly}>
          {confirmReplace
            ? `Replace draft with ${view.phase ?? ''} template`
            : `Insert ${view.phase ?? ''} template`}
        </button>
        {confirmReplace && (
          <button type="button" onClick={() => setConfirmReplace(false)}>
            Keep draft
          </button>
        )}
      </div>
      <CollabTextEditor
        text={draftText}
        label="Status update draft"
        maxChars={LIMITS.statusDraftChars}
        readOnly={readOnly}
        awareness={awareness}
        placeholder="Write the update customers will read, or insert the phase template."
        onFocusChange={(focused) => setEditing(focused ? 'status-draft' : null)}
      />
      <p
        role="status"
        aria-label="Review state"
        className={`review-state review-state--${status.review === 'approval-void' ? 'voided' : status.review === 'in-review' ? 'requested' : status.review}`}
      >
        {REVIEW_TEXT[status.review]}
        {status.approval &&
          status.review === 'approved' &&
          ` Approved by ${status.approval.by.name} at ${utcClock(status.approval.at)} UTC.`}
        {status.approval &&
          status.review === 'approval-void' &&
          ` (It was approved by ${status.approval.by.name}.)`}
        {status.requested &&
          status.review === 'in-review' &&
          ` Requested by ${status.requested.by.name}.`}
      </p>
      <div className="row">
        {!isIc && (
          <button
            type="button"
            onClick={() => act(run(requestStatusReview, undefined))}
            disabled={readOnly}
          >
            Request review
          </button>
        )}
        <button
          type="button"
          onClick={() => act(run(approveStatusUpdate, undefined))}
          disabled={readOnly || !canApprove}
          title={
            canApprove
              ? undefined
              : 'Only the incident commander or the comms lead approves updates.'
          }
        >
          Approve update
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => act(run(publishStatusUpdate, undefined))}
          disabled={readOnly || status.review !== 'approved'}
        >
          Publish update
        </button>
      </div>
      <InlineError message={error} />
      <h3 id="published-title">Published ({status.updates.length})</h3>
      <ul className="list" aria-labelledby="published-title">
        {status.updates
          .slice()
          .reverse()
          .map((update) => (
            <li
              key={update.id}
              className="card"
              aria-label={`Published update at ${utcClock(update.publishedAt)} UTC`}
            >
              <span className="card__meta" title={localDateTime(update.publishedAt)}>
                {utcDateTime(update.publishedAt)} · {update.severity} · {update.phase} · approved by{' '}
                {update.approvedBy.name}, published by {update.publishedBy.name}
              </span>
              <div className="entry__text">{update.text}</div>
              <CopyButton
                text={update.text}
                label={`Copy update published at ${utcClock(update.publishedAt)} UTC`}
              />
            </li>
          ))}
      </ul>
    </section>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <span className="row">
      <button
        type="button"
        aria-label={label}
        onClick={() =>
          void navigator.clipboard.writeText(text).then(
            () => setCopied('Copied.'),
            () => setCopied('The clipboard refused; select the text and copy it by hand.'),
          )
        }
      >
        Copy
      </button>
      {copied && <span role="status">{copied}</span>}
    </span>
  );
}
