import { useState, type FormEvent } from 'react';
import { SEVERITIES, type Severity } from '../../../shared/doc/enums';
import { declareIncident } from '../../../shared/ops';
import { useAppStore } from '../store/app-store';
import { InlineError } from './inline-error';

/** Shown for a room whose document has no incident yet (a host that created it empty). */
export function DeclareForm() {
  const run = useAppStore((state) => state.run);
  const summary = useAppStore((state) => state.rooms?.find((room) => room.id === state.roomId));
  const [title, setTitle] = useState(summary?.title ?? '');
  const [severity, setSeverity] = useState<Severity>(
    (summary?.severity as Severity | null) ?? 'SEV2',
  );
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === '') {
      setError('Give the incident a title.');
      return;
    }
    const result = run(declareIncident, { title: title.trim(), severity });
    setError(result.ok ? null : result.error);
  }

  return (
    <form
      className="panel"
      onSubmit={submit}
      aria-label="Declare the incident"
      noValidate
      style={{ maxWidth: 520, margin: 24 }}
    >
      <h2>Declare the incident</h2>
      <p className="muted">
        This room has no incident yet. Declaring makes you the incident commander.
      </p>
      <label>
        Title
        <input value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <label>
        Severity
        <select value={severity} onChange={(event) => setSeverity(event.target.value as Severity)}>
          {SEVERITIES.map((level) => (
            <option key={level}>{level}</option>
          ))}
        </select>
      </label>
      <InlineError message={error} />
      <button type="submit" className="primary">
        Declare
      </button>
    </form>
  );
}
