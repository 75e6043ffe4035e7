import { useState } from 'react';
import { PHASES, type Phase } from '../../../shared/doc/enums';
import { LIMITS } from '../../../shared/doc/limits';
import {
  approveStatusUpdate,
  publishStatusUpdate,
  requestStatusReview,
  setStatusDraft,
} from '../../../shared/ops';
import type { StatusView } from '../../../shared/read';
import { useAppStore } from '../store/app-store';
import type { CommandResult } from '../store/app-state';
import { utcClock } from '../../../shared/util/utc-time';
import { CollabTextEditor } from './collab-text-editor';
import { InlineError } from './inline-error';
import { draftFromTemplate } from './status-drafts';
import { StatusPageChooser } from './status-page-chooser';
import { StatusPublishedList } from './status-published-list';
import { selectReadOnly } from '../store/room-view';

const REVIEW_TEXT: Record<StatusView['review'], string> = {
  draft: 'Draft: not yet approved.',
  'in-review': 'Waiting for approval by the IC or comms lead.',
  approved: 'Approved: ready to publish.',
  'approval-void':
    'Approval void: the draft changed after it was approved. Ask for approval again.',
};

/** Where the next draft starts once this update is published. */
type NextDraftFrom = 'template' | 'this-text';

export function StatusPanel() {
  const status = useAppStore((state) => state.view?.status);
  const view = useAppStore((state) => state.view);
  const run = useAppStore((state) => state.run);
  const operationContext = useAppStore((state) => state.operationContext);
  const draftText = useAppStore((state) => (state.room ? state.sharedText('statusDraft') : null));
  const readOnly = useAppStore(selectReadOnly);
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
  // Null follows the room's phase; a choice holds until this update is published.
  const [chosenPhase, setChosenPhase] = useState<Phase | null>(null);
  const [nextDraftFrom, setNextDraftFrom] = useState<NextDraftFrom>('template');
  const [offerOverride, setOfferOverride] = useState(false);
  // Fills the templates' {{impact}}; kept for the next draft, since impact rarely changes per update.
  const [impact, setImpact] = useState('');
  if (!status || !view || !draftText) return null;

  const phase: Phase = chosenPhase ?? view.phase ?? 'investigating';
  const unfilled = status.unfilledPlaceholders;
  const act = (result: CommandResult<unknown>) => setError(result.ok ? null : result.error);
  // The relay-corrected clock the operations use, so "now" agrees with the room's milestones.
  const nowMs = () => operationContext()?.now() ?? Date.now();

  function insertTemplate() {
    if (!view) return;
    if (status?.draft.trim() && !confirmReplace) {
      setConfirmReplace(true);
      return;
    }
    setConfirmReplace(false);
    const draft = draftFromTemplate(view, phase, nowMs(), 'now', impact);
    if (!draft.ok) return setError(draft.error);
    act(run(setStatusDraft, { text: draft.text, placeholders: draft.placeholders }));
  }

  function approve(allowPlaceholders: boolean) {
    const result = run(approveStatusUpdate, { allowPlaceholders });
    // The override is offered only once approval was refused for placeholders, to the IC.
    setOfferOverride(!result.ok && result.code === 'status-placeholders' && isIc);
    act(result);
  }

  function publish() {
    if (!view) return;
    let nextDraft: { text: string; placeholders: string[] } | undefined;
    if (nextDraftFrom === 'template') {
      const draft = draftFromTemplate(view, phase, nowMs(), 'later', impact);
      if (!draft.ok) return setError(draft.error);
      nextDraft = { text: draft.text, placeholders: draft.placeholders };
    }
    const result = run(publishStatusUpdate, { phase, nextDraft });
    act(result);
    if (result.ok) setChosenPhase(null);
  }

  return (
    <section className="panel" aria-labelledby="status-title">
      <h2 id="status-title">Status update</h2>
      <div className="row">
        <label>
          Phase of this update{' '}
          <select
            value={phase}
            disabled={readOnly}
            onChange={(event) => {
              setChosenPhase(event.target.value as Phase);
              setConfirmReplace(false);
            }}
          >
            {PHASES.map((value) => (
              <option key={value} value={value}>
                {value === view.phase ? `${value} (current)` : value}
              </option>
            ))}
          </select>
        </label>
        <label>
          Customer impact{' '}
          <input
            value={impact}
            disabled={readOnly}
            maxLength={LIMITS.shortFieldChars}
            placeholder="for the template"
            onChange={(event) => setImpact(event.target.value)}
          />
        </label>
        <button type="button" onClick={insertTemplate} disabled={readOnly}>
          {confirmReplace ? `Replace draft with ${phase} template` : `Insert ${phase} template`}
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
      {unfilled.length > 0 && (
        <p className="review-state review-state--requested" aria-label="Unfilled placeholders">
          To fill in before approval: {unfilled.join(', ')}
        </p>
      )}
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
          onClick={() => approve(false)}
          disabled={readOnly || !canApprove}
          title={
            canApprove
              ? undefined
              : 'Only the incident commander or the comms lead approves updates.'
          }
        >
          Approve update
        </button>
        {offerOverride && isIc && unfilled.length > 0 && (
          <button type="button" className="danger" onClick={() => approve(true)}>
            Approve anyway
          </button>
        )}
        <button
          type="button"
          className="primary"
          onClick={publish}
          disabled={readOnly || status.review !== 'approved'}
        >
          Publish update
        </button>
        <label>
          Start the next draft from{' '}
          <select
            value={nextDraftFrom}
            disabled={readOnly}
            onChange={(event) => setNextDraftFrom(event.target.value as NextDraftFrom)}
          >
            <option value="template">the {phase} template</option>
            <option value="this-text">this text</option>
          </select>
        </label>
      </div>
      <InlineError message={error} />
      <StatusPageChooser isIc={isIc} readOnly={readOnly} />
      <StatusPublishedList updates={status.updates} deliveries={view.outboundDeliveries} />
    </section>
  );
}
