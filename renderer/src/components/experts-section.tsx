import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/doc/limits';
import type { ExpertValue, Person } from '../../../shared/doc/types';
import { changeExpertArea, standDownExpert } from '../../../shared/ops';
import { useAppStore } from '../store/app-store';
import { AddExpertForm } from './add-expert-form';
import { InlineError } from './inline-error';

const NO_EXPERTS: ExpertValue[] = [];

/** The room's subject-matter experts: who is here for which area; every change is logged. */
export function ExpertsSection({ people, readOnly }: { people: Person[]; readOnly: boolean }) {
  const experts = useAppStore((state) => state.view?.experts ?? NO_EXPERTS);
  return (
    <section aria-labelledby="experts-title" className="list">
      <h3 id="experts-title">Subject-matter experts</h3>
      <ul className="list" aria-label="Subject-matter experts">
        {experts.length === 0 && <li className="muted">No SMEs in the room yet.</li>}
        {experts.map((expert) => (
          <ExpertRow key={expert.id} expert={expert} readOnly={readOnly} />
        ))}
      </ul>
      {!readOnly && (
        <AddExpertForm
          people={people.filter((person) => !experts.some((expert) => expert.id === person.id))}
        />
      )}
    </section>
  );
}

function ExpertRow({ expert, readOnly }: { expert: ExpertValue; readOnly: boolean }) {
  const run = useAppStore((state) => state.run);
  const [area, setArea] = useState('');
  const [error, setError] = useState<string | null>(null);

  function changeArea(event: FormEvent) {
    event.preventDefault();
    const result = run(changeExpertArea, { id: expert.id, area });
    setError(result.ok ? null : result.error);
    if (result.ok) setArea('');
  }

  function standDown() {
    const result = run(standDownExpert, { id: expert.id });
    setError(result.ok ? null : result.error);
  }

  return (
    <li className="card" aria-label={`SME ${expert.name}, ${expert.area}`}>
      <div className="row">
        <strong>{expert.name}</strong>
        <span>SME · {expert.area}</span>
        <span className="card__meta">added by {expert.addedBy.name}</span>
      </div>
      {!readOnly && (
        <form
          className="row"
          onSubmit={changeArea}
          aria-label={`Area of ${expert.name}`}
          noValidate
        >
          <input
            aria-label={`New area for ${expert.name}`}
            placeholder="Move to area…"
            value={area}
            maxLength={LIMITS.expertAreaChars}
            onChange={(event) => {
              setArea(event.target.value);
              setError(null);
            }}
          />
          <button type="submit" aria-label={`Change area of ${expert.name}`}>
            Change area
          </button>
          <button
            type="button"
            className="link"
            onClick={standDown}
            aria-label={`Stand down ${expert.name}`}
          >
            Stand down
          </button>
        </form>
      )}
      <InlineError message={error} />
    </li>
  );
}
