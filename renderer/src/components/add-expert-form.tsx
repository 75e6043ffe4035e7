import { useId, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/doc/limits';
import type { Person } from '../../../shared/doc/types';
import { addExpert } from '../../../shared/ops';
import { personFromName } from '../lib/people';
import { useAppStore } from '../store/app-store';
import { InlineError } from './inline-error';

/**
 * Calls an SME in: someone the room knows (present, or on the timeline) keeps their identity,
 * so their presence shows the SME badge; any other name is recorded as typed.
 */
export function AddExpertForm({ people }: { people: Person[] }) {
  const run = useAppStore((state) => state.run);
  const [name, setName] = useState('');
  const [area, setArea] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const typed = name.trim();
    if (typed === '') {
      setError('Type the name of the SME.');
      return;
    }
    const known = people.find((person) => person.name.toLowerCase() === typed.toLowerCase());
    const result = run(addExpert, { person: known ?? personFromName(typed), area });
    setError(result.ok ? null : result.error);
    if (result.ok) {
      setName('');
      setArea('');
    }
  }

  return (
    <form className="row" onSubmit={submit} aria-label="Add an SME" noValidate>
      <input
        aria-label="SME name"
        placeholder="Name…"
        list={listId}
        value={name}
        maxLength={LIMITS.shortFieldChars}
        onChange={(event) => {
          setName(event.target.value);
          setError(null);
        }}
      />
      <datalist id={listId}>
        {people.map((person) => (
          <option key={person.id} value={person.name} />
        ))}
      </datalist>
      <input
        aria-label="SME area"
        placeholder="Area, e.g. database"
        value={area}
        maxLength={LIMITS.expertAreaChars}
        onChange={(event) => {
          setArea(event.target.value);
          setError(null);
        }}
      />
      <button type="submit">Add SME</button>
      <InlineError message={error} />
    </form>
  );
}
