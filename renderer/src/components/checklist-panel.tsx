import { useState } from 'react';
import { ROLE_TITLES, ROLES, isOneOf } from '../../../shared/doc/enums';
import { markChecklistItem } from '../../../shared/ops';
import { useAppStore } from '../store/app-store';
import {
  bundledTemplates,
  checklistsForType,
  runbookForType,
} from '../templates/bundled-templates';
import { utcClock } from '../../../shared/util/utc-time';
import { InlineError } from './inline-error';
import { selectReadOnly } from '../store/room-view';

/** The first-minutes checklists for the room's incident type, with who ticked what and when. */
export function ChecklistPanel() {
  const incidentType = useAppStore((state) => state.view?.incidentType ?? null);
  const marks = useAppStore((state) => state.view?.checklist);
  const run = useAppStore((state) => state.run);
  const readOnly = useAppStore(selectReadOnly);
  const [error, setError] = useState<string | null>(null);
  if (!marks) return null;
  const templates = bundledTemplates();
  const checklists = checklistsForType(templates, incidentType);
  const runbook = runbookForType(templates, incidentType);

  return (
    <section className="panel" aria-labelledby="checklist-title">
      <h2 id="checklist-title">Checklist</h2>
      {checklists.length === 0 && (
        <p className="muted">No checklist template applies to this incident type.</p>
      )}
      <InlineError message={error} />
      {checklists.map((checklist) => (
        <div key={checklist.id}>
          <h3>{checklist.title}</h3>
          <ul className="list">
            {checklist.items.map((item) => {
              const mark = marks[item.id];
              const role =
                item.role && isOneOf(ROLES, item.role) ? ROLE_TITLES[item.role] : item.role;
              return (
                <li key={item.id} className="checklist-item">
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={mark?.done ?? false}
                      disabled={readOnly}
                      onChange={(event) => {
                        const result = run(markChecklistItem, {
                          itemId: item.id,
                          done: event.target.checked,
                        });
                        setError(result.ok ? null : result.error);
                      }}
                    />
                    <span style={{ color: 'var(--text)' }}>{item.text}</span>
                  </label>
                  <span className="card__meta">
                    {[
                      role,
                      item.withinMinutes ? `within ${item.withinMinutes} min` : null,
                      mark
                        ? `${mark.done ? 'ticked' : 'unticked'} by ${mark.by.name} at ${utcClock(mark.at)} UTC`
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      {runbook && (
        <details>
          <summary>Runbook: {runbook.title}</summary>
          <p>{runbook.summary}</p>
          {(['diagnosis', 'mitigation', 'recovery'] as const).map((section) => (
            <div key={section}>
              <h3>{section}</h3>
              <ol>
                {runbook[section].map((step) => (
                  <li key={step.id}>
                    {step.do}
                    {step.command && (
                      <pre>
                        <code>{step.command}</code>
                      </pre>
                    )}
                    {step.risk && <span className="card__meta"> Risk: {step.risk}</span>}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </details>
      )}
    </section>
  );
}
