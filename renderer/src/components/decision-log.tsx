import { useId, useState, type FormEvent } from 'react';
import {
  approveDecision,
  proposeDecision,
  rejectDecision,
  supersedeDecision,
} from '../../../shared/ops';
import type { DecisionView } from '../../../shared/read';
import { useAppStore } from '../store/app-store';
import { localDateTime, utcClock } from '../../../shared/util/utc-time';
import { InlineError } from './inline-error';

export function DecisionLog() {
  const decisions = useAppStore((state) => state.view?.decisions);
  const pending = useAppStore((state) => state.view?.pendingDecisions);
  if (!decisions || !pending) return null;
  const decided = decisions.filter((decision) => decision.status !== 'proposed');
  return (
    <section className="panel" aria-labelledby="decisions-title">
      <h2 id="decisions-title">Decisions</h2>
      <ProposeDecisionForm />
      <h3 id="pending-title">Pending ({pending.length})</h3>
      {pending.length === 0 ? (
        <p className="muted">No proposals waiting for the IC.</p>
      ) : (
        <ul className="list" aria-labelledby="pending-title">
          {pending.map((decision) => (
            <PendingDecision key={decision.id} decision={decision} />
          ))}
        </ul>
      )}
      <h3 id="decided-title">Decided</h3>
      <ul className="list" aria-labelledby="decided-title">
        {decided
          .slice()
          .reverse()
          .map((decision) => (
            <li
              key={decision.id}
              className="card"
              aria-label={`Decision ${decision.status}: ${decision.proposal}`}
            >
              <div className="row">
                <span className={`badge badge--${decision.status}`}>{decision.status}</span>
                <strong>{decision.proposal}</strong>
              </div>
              <span
                className="card__meta"
                title={decision.decidedAt ? localDateTime(decision.decidedAt) : undefined}
              >
                proposed by {decision.proposer.name}
                {decision.decidedBy &&
                  decision.decidedAt &&
                  ` · ${decision.status} by ${decision.decidedBy.name} at ${utcClock(decision.decidedAt)} UTC`}
                {decision.reason && ` · “${decision.reason}”`}
                {decision.supersededReason && ` · superseded: ${decision.supersededReason}`}
              </span>
              {decision.status === 'approved' && <SupersedeControl decision={decision} />}
            </li>
          ))}
      </ul>
    </section>
  );
}

function ProposeDecisionForm() {
  const run = useAppStore((state) => state.run);
  const [proposal, setProposal] = useState('');
  const [rationale, setRationale] = useState('');
  const [risk, setRisk] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (proposal.trim() === '') {
      setError('Say what you want to do, e.g. "Roll back payments-api to v2.13".');
      return;
    }
    const result = run(proposeDecision, {
      proposal: proposal.trim(),
      ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
      ...(risk.trim() ? { risk: risk.trim() } : {}),
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setProposal('');
    setRationale('');
    setRisk('');
    setError(null);
  }

  return (
    <form onSubmit={submit} aria-label="Propose a decision" className="card" noValidate>
      <label>
        Proposal
        <input value={proposal} onChange={(event) => setProposal(event.target.value)} />
      </label>
      <div className="form-row">
        <label>
          Why
          <input value={rationale} onChange={(event) => setRationale(event.target.value)} />
        </label>
        <label>
          Risk
          <input value={risk} onChange={(event) => setRisk(event.target.value)} />
        </label>
      </div>
      <InlineError message={error} />
      <button type="submit">Propose</button>
    </form>
  );
}

function PendingDecision({ decision }: { decision: DecisionView }) {
  const run = useAppStore((state) => state.run);
  const ic = useAppStore((state) => state.view?.roles.ic ?? null);
  const isIc = useAppStore(
    (state) => state.profile !== null && state.view?.roles.ic?.id === state.profile.id,
  );
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonHintId = useId();

  function decide(outcome: 'approve' | 'reject') {
    if (outcome === 'reject' && reason.trim() === '') {
      setError('Give a reason when rejecting, so the proposer knows why.');
      return;
    }
    const result = run(outcome === 'approve' ? approveDecision : rejectDecision, {
      id: decision.id,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
    setError(result.ok ? null : result.error);
  }

  return (
    <li className="card card--pending" aria-label={`Pending decision: ${decision.proposal}`}>
      <strong>{decision.proposal}</strong>
      <span className="card__meta" title={localDateTime(decision.proposedAt)}>
        proposed by {decision.proposer.name} at {utcClock(decision.proposedAt)} UTC
        {decision.rationale && ` · why: ${decision.rationale}`}
        {decision.risk && ` · risk: ${decision.risk}`}
      </span>
      <div className="row">
        {/* The placeholder is one word so it fits the field at any panel width; when the reason
            is required says the visible hint below, which the field names as its description. */}
        <input
          className="decision-reason"
          aria-label={`Reason for decision on: ${decision.proposal}`}
          aria-describedby={reasonHintId}
          placeholder="Reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          disabled={!isIc}
        />
        <button
          type="button"
          onClick={() => decide('approve')}
          disabled={!isIc}
          aria-label={`Approve: ${decision.proposal}`}
        >
          Approve
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => decide('reject')}
          disabled={!isIc}
          aria-label={`Reject: ${decision.proposal}`}
        >
          Reject
        </button>
      </div>
      <span className="card__meta" id={reasonHintId}>
        A reason is required to reject, optional to approve.
      </span>
      {!isIc && (
        <span className="card__meta">
          Waiting for the incident commander{ic ? ` (${ic.name})` : ''}.
        </span>
      )}
      <InlineError message={error} />
    </li>
  );
}

/** The IC withdraws an approved decision that no longer holds; the reason goes on the timeline. */
function SupersedeControl({ decision }: { decision: DecisionView }) {
  const run = useAppStore((state) => state.run);
  const isIc = useAppStore(
    (state) => state.profile !== null && state.view?.roles.ic?.id === state.profile.id,
  );
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!isIc) return null;
  if (!open) {
    return (
      <button
        type="button"
        className="link"
        onClick={() => setOpen(true)}
        aria-label={`Supersede: ${decision.proposal}`}
      >
        Supersede…
      </button>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim() === '') {
      setError('Say why this decision no longer holds.');
      return;
    }
    const result = run(supersedeDecision, { id: decision.id, reason: reason.trim() });
    setError(result.ok ? null : result.error);
    if (result.ok) setOpen(false);
  }

  return (
    <form
      className="row"
      onSubmit={submit}
      aria-label={`Supersede ${decision.proposal}`}
      noValidate
    >
      <input
        aria-label={`Why ${decision.proposal} no longer holds`}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        autoFocus
      />
      <button type="submit" className="danger">
        Supersede
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <InlineError message={error} />
    </form>
  );
}
