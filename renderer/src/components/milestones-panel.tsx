import { useState, type FormEvent } from 'react';
import { MILESTONES, MILESTONE_TITLES, type MilestoneName } from '../../../shared/doc/enums';
import { LINK_KEYS, setLink, setMilestone } from '../../../shared/ops';
import { useAppStore } from '../store/app-store';
import {
  localDateTime,
  parseUtcInput,
  toUtcInput,
  utcDateTime,
} from '../../../shared/util/utc-time';
import { InlineError } from './inline-error';
import { selectReadOnly } from '../store/room-view';

const LINK_TITLES: Record<(typeof LINK_KEYS)[number], string> = {
  bridge: 'Bridge call',
  dashboard: 'Dashboard',
  runbook: 'Runbook',
  statusPage: 'Status page',
  ticket: 'Ticket',
};

const METRICS = [
  ['timeToDetectMs', 'TTD'],
  ['timeToAcknowledgeMs', 'TTA'],
  ['timeToMitigateMs', 'TTM'],
  ['timeToResolveMs', 'TTR'],
] as const;

/** When things happened (they drive the header clocks and the metrics) and where people meet. */
export function MilestonesPanel() {
  const readOnly = useAppStore(selectReadOnly);
  const metrics = useAppStore((state) => state.view?.metrics);
  return (
    <section className="panel" aria-labelledby="milestones-title">
      <h2 id="milestones-title">Milestones</h2>
      <ul className="list">
        {MILESTONES.map((name) => (
          <MilestoneRow key={name} name={name} readOnly={readOnly} />
        ))}
      </ul>
      {metrics && (
        <p className="card__meta" aria-label="Metrics">
          {METRICS.map(([key, label]) => {
            const ms = metrics[key];
            return ms === null ? `${label} —` : `${label} ${Math.round(ms / 60_000)} min`;
          }).join(' · ')}
          {metrics.inconsistencies.length > 0 &&
            ` · check the milestone times: ${metrics.inconsistencies.join(', ')} is negative`}
        </p>
      )}
      <h2 id="links-title">Links</h2>
      <ul className="list" aria-labelledby="links-title">
        {LINK_KEYS.map((key) => (
          <LinkRow key={key} linkKey={key} title={LINK_TITLES[key]} readOnly={readOnly} />
        ))}
      </ul>
    </section>
  );
}

function MilestoneRow({ name, readOnly }: { name: MilestoneName; readOnly: boolean }) {
  const at = useAppStore((state) => state.view?.milestones[name] ?? null);
  const run = useAppStore((state) => state.run);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const title = MILESTONE_TITLES[name];

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = value.trim() === '' ? { ms: Date.now() } : parseUtcInput(value, Date.now());
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    const result = run(setMilestone, { name, at: parsed.ms });
    setError(result.ok ? null : result.error);
    if (result.ok) setValue('');
  }

  return (
    <li className="row">
      <strong style={{ minWidth: 110 }}>{title}</strong>
      <span title={at ? localDateTime(at) : undefined}>{at ? utcDateTime(at) : '—'}</span>
      {!readOnly && name !== 'resolved' && (
        <form className="row" onSubmit={submit} aria-label={`Set ${title}`} noValidate>
          <input
            aria-label={`${title} time (UTC)`}
            placeholder={at ? toUtcInput(Date.parse(at)) : 'now, or HH:MM UTC'}
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
          <button type="submit" aria-label={`Set ${title}`}>
            Set
          </button>
        </form>
      )}
      <InlineError message={error} />
    </li>
  );
}

function LinkRow({
  linkKey,
  title,
  readOnly,
}: {
  linkKey: string;
  title: string;
  readOnly: boolean;
}) {
  const link = useAppStore((state) => state.view?.links[linkKey] ?? null);
  const run = useAppStore((state) => state.run);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = run(setLink, { key: linkKey, url: value.trim() === '' ? null : value.trim() });
    setError(result.ok ? null : result.error);
    if (result.ok) setValue('');
  }

  return (
    <li className="row">
      <strong style={{ minWidth: 110 }}>{title}</strong>
      {link ? (
        <a href={link.url} target="_blank" rel="noreferrer noopener">
          {link.url}
        </a>
      ) : (
        <span className="muted">—</span>
      )}
      {!readOnly && (
        <form className="row" onSubmit={submit} aria-label={`Set ${title} link`} noValidate>
          <input
            aria-label={`${title} URL`}
            placeholder="https://…"
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
          <button type="submit" aria-label={`Save ${title} link`}>
            {value.trim() === '' && link ? 'Remove' : 'Save'}
          </button>
        </form>
      )}
      <InlineError message={error} />
    </li>
  );
}
