import { useState, type FormEvent } from 'react';
import { PHASES, ROLES, SEVERITIES, type Phase, type Severity } from '../../../shared/doc/enums';
import { resolveIncident, setPhase, setSeverity } from '../../../shared/ops';
import { useAppStore } from '../store/app-store';
import { ConnectionStatus } from './connection-status';
import { ElapsedClock } from './elapsed-clock';
import { ExportMenu } from './export-menu';
import { StatusUpdateClock } from './status-update-clock';
import { ProfileSettings } from './profile-settings';
import { ThemeToggle } from './theme-toggle';
import { TriageDialog } from './triage-dialog';
import { InlineError } from './inline-error';
import { selectReadOnly } from '../store/room-view';

const ROLE_SHORT = { ic: 'IC', ops: 'Ops', comms: 'Comms', scribe: 'Scribe' } as const;

/** The room's single source of truth at a glance. */
export function RoomHeader() {
  const view = useAppStore((state) => state.view);
  const run = useAppStore((state) => state.run);
  const leaveRoom = useAppStore((state) => state.leaveRoom);
  const readOnly = useAppStore(selectReadOnly);
  const [error, setError] = useState<string | null>(null);
  const [triageOpen, setTriageOpen] = useState(false);
  const [overrideOffered, setOverrideOffered] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  if (!view) return null;

  function changeSeverity(severity: Severity) {
    const result = run(setSeverity, { severity });
    setError(result.ok ? null : result.error);
  }

  function changePhase(phase: Phase) {
    // Resolving has its own guard (the stabilization window); the operation says when it refuses,
    // and the IC may then resolve anyway with a reason that goes on the timeline.
    const result = phase === 'resolved' ? run(resolveIncident, {}) : run(setPhase, { phase });
    setError(result.ok ? null : result.error);
    setOverrideOffered(!result.ok && result.code === 'stabilization-pending');
  }

  function resolveWithOverride(event: FormEvent) {
    event.preventDefault();
    if (overrideReason.trim() === '') {
      setError('Say why the incident can be resolved before the stabilization window has passed.');
      return;
    }
    const result = run(resolveIncident, { overrideReason: overrideReason.trim() });
    setError(result.ok ? null : result.error);
    if (result.ok) {
      setOverrideOffered(false);
      setOverrideReason('');
    }
  }

  return (
    <header className="room-header">
      <button
        type="button"
        className="link"
        onClick={() => void leaveRoom()}
        aria-label="Back to rooms"
      >
        ← Rooms
      </button>
      {/* The title gives way first (cut with an ellipsis, whole in its tooltip and its name), so
          the controls stay on one row at 1280 px: see e2e/ui-layout.spec.ts. */}
      <h1 className="room-header__title" title={view.title ?? undefined}>
        {view.title ?? 'Untitled room'}
      </h1>
      <span className="room-header__group">
        <label className="visually-hidden" htmlFor="room-severity">
          Severity
        </label>
        {/* The select wears the severity's colour itself: a chip beside it said the same twice. */}
        <select
          id="room-severity"
          className={`severity-select severity-select--${view.severity ?? 'none'}`}
          value={view.severity ?? ''}
          disabled={readOnly}
          onChange={(event) => changeSeverity(event.target.value as Severity)}
        >
          {SEVERITIES.map((severity) => (
            <option key={severity}>{severity}</option>
          ))}
        </select>
        <button type="button" onClick={() => setTriageOpen(true)} disabled={readOnly}>
          Triage…
        </button>
      </span>
      <span className="room-header__group">
        <label className="visually-hidden" htmlFor="room-phase">
          Phase
        </label>
        <select
          id="room-phase"
          value={view.phase ?? ''}
          disabled={readOnly}
          onChange={(event) => changePhase(event.target.value as Phase)}
        >
          {PHASES.map((phase) => (
            <option key={phase}>{phase}</option>
          ))}
        </select>
      </span>
      {/* Two by two, names cut to a glance (whole in the tooltip and the Roles tab). */}
      <span className="room-header__roles" aria-label="Roles">
        {ROLES.map((role) => (
          <span key={role} title={view.roles[role]?.name}>
            {ROLE_SHORT[role]}: <strong>{view.roles[role]?.name ?? '—'}</strong>
          </span>
        ))}
      </span>
      <span className="room-header__clocks">
        <StatusUpdateClock />
        <ElapsedClock />
      </span>
      <ConnectionStatus />
      <ExportMenu />
      <ProfileSettings />
      <ThemeToggle compact />
      {overrideOffered && (
        <form className="row" onSubmit={resolveWithOverride} aria-label="Resolve early" noValidate>
          <input
            aria-label="Reason to resolve early"
            placeholder="Why resolve before the window ends?"
            value={overrideReason}
            onChange={(event) => setOverrideReason(event.target.value)}
          />
          <button type="submit" className="danger">
            Resolve anyway
          </button>
          <button type="button" onClick={() => setOverrideOffered(false)}>
            Keep monitoring
          </button>
        </form>
      )}
      <InlineError message={error} />
      {triageOpen && (
        <TriageDialog
          current={view.severity}
          onClose={() => setTriageOpen(false)}
          onApply={(severity) => {
            setTriageOpen(false);
            if (severity !== view.severity) changeSeverity(severity);
          }}
        />
      )}
    </header>
  );
}
