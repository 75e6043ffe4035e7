import { useId, useState, type FormEvent } from 'react';
import { ROLES, ROLE_TITLES, type Role } from '../../../shared/doc/enums';
import { assignRole } from '../../../shared/ops';
import { useAppStore } from '../store/app-store';
import { knownPeople, personFromName } from '../lib/people';
import { ExpertsSection } from './experts-section';
import { InlineError } from './inline-error';

const EMPTY_PEERS: never[] = [];

/**
 * Assign or hand over the four roles and call in SMEs; every handoff lands on the timeline (the
 * operations do it).
 */
export function RolesPanel() {
  const view = useAppStore((state) => state.view);
  const peers = useAppStore((state) =>
    state.roomId ? (state.presenceByRoom[state.roomId] ?? EMPTY_PEERS) : EMPTY_PEERS,
  );
  const profile = useAppStore((state) => state.profile);
  const readOnly = useAppStore(
    (state) => state.rooms?.find((room) => room.id === state.roomId)?.access === 'read',
  );
  if (!view) return null;
  const people = knownPeople(view, peers, profile);
  return (
    <section className="panel" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <ul className="list">
        {ROLES.map((role) => (
          <RoleRow key={role} role={role} people={people} />
        ))}
      </ul>
      <ExpertsSection people={people} readOnly={readOnly} />
    </section>
  );
}

function RoleRow({ role, people }: { role: Role; people: { id: string; name: string }[] }) {
  const holder = useAppStore((state) => state.view?.roles[role] ?? null);
  const profile = useAppStore((state) => state.profile);
  const run = useAppStore((state) => state.run);
  const readOnly = useAppStore(
    (state) => state.rooms?.find((room) => room.id === state.roomId)?.access === 'read',
  );
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listId = useId();

  function assign(person: { id: string; name: string } | null) {
    const result = run(assignRole, { role, person });
    setError(result.ok ? null : result.error);
    if (result.ok) setName('');
  }

  // Type a name and press Enter: someone the room knows keeps their identity (so their role
  // permissions follow them); a new name is recorded as typed.
  function submit(event: FormEvent) {
    event.preventDefault();
    const typed = name.trim();
    if (typed === '') {
      setError('Type the name of the person taking the role.');
      return;
    }
    const known = people.find((person) => person.name.toLowerCase() === typed.toLowerCase());
    assign(known ?? personFromName(typed));
  }

  const title = ROLE_TITLES[role];
  return (
    <li className="card" aria-label={title}>
      <div className="row">
        <strong>{title}</strong>
        <span>{holder ? holder.name : <span className="muted">unassigned</span>}</span>
        {profile && holder?.id !== profile.id && !readOnly && (
          <button
            type="button"
            onClick={() => assign({ id: profile.id, name: profile.name })}
            aria-label={`Take ${title} role`}
          >
            Take it
          </button>
        )}
      </div>
      {!readOnly && (
        <form className="row" onSubmit={submit} aria-label={`Hand over ${title}`} noValidate>
          <input
            aria-label={`${title}: new holder`}
            placeholder={holder ? 'Hand over to…' : 'Assign to…'}
            list={listId}
            value={name}
            maxLength={200}
            onChange={(event) => {
              setName(event.target.value);
              setError(null);
            }}
          />
          <datalist id={listId}>
            {people
              .filter((person) => person.id !== holder?.id)
              .map((person) => (
                <option key={person.id} value={person.name} />
              ))}
          </datalist>
          <button type="submit" aria-label={`Assign ${title}`}>
            Assign
          </button>
          {holder && role !== 'ic' && (
            <button
              type="button"
              className="link"
              onClick={() => assign(null)}
              aria-label={`Clear ${title}`}
            >
              Clear
            </button>
          )}
        </form>
      )}
      <InlineError message={error} />
    </li>
  );
}
