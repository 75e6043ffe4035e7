import { useState, type FormEvent } from 'react';
import { ROLES, ROLE_TITLES, type Role } from '../../../shared/doc/enums';
import type { Person } from '../../../shared/doc/types';
import { assignRole } from '../../../shared/ops';
import { useAppStore } from '../store/app-store';
import { personForTypedName, roleCandidates, type RoleCandidates } from '../lib/people';
import { ExpertsSection } from './experts-section';
import { InlineError } from './inline-error';
import { PersonCombobox, type PersonChoice } from './person-combobox';
import { selectReadOnly } from '../store/room-view';

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
  const readOnly = useAppStore(selectReadOnly);
  if (!view) return null;
  const candidates = roleCandidates(view, peers, profile);
  const people = [...candidates.present, ...candidates.recent].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return (
    <section className="panel" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <ul className="list">
        {ROLES.map((role) => (
          <RoleRow key={role} role={role} candidates={candidates} />
        ))}
      </ul>
      <ExpertsSection people={people} readOnly={readOnly} />
    </section>
  );
}

function RoleRow({ role, candidates }: { role: Role; candidates: RoleCandidates }) {
  const holder = useAppStore((state) => state.view?.roles[role] ?? null);
  const profile = useAppStore((state) => state.profile);
  const run = useAppStore((state) => state.run);
  const readOnly = useAppStore(selectReadOnly);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The holder is not offered their own role.
  const offered: RoleCandidates = {
    present: candidates.present.filter((person) => person.id !== holder?.id),
    recent: candidates.recent.filter((person) => person.id !== holder?.id),
  };

  function assign(person: Person | null) {
    const result = run(assignRole, { role, person });
    setError(result.ok ? null : result.error);
    if (result.ok) setName('');
  }

  // A person picked from the list is assigned by their profile id (so their presence shows the
  // role); a typed name goes to someone the room knows by it, or is recorded as typed.
  function choose(choice: PersonChoice) {
    if (choice.kind === 'person') {
      assign(choice.person);
      return;
    }
    const typed = personForTypedName(choice.text, [...candidates.present, ...candidates.recent]);
    if (typed.ok) assign(typed.person);
    else setError(typed.error);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    choose({ kind: 'typed', text: name });
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
          <PersonCombobox
            label={`${title}: new holder`}
            placeholder={holder ? 'Hand over to…' : 'Assign to…'}
            candidates={offered}
            value={name}
            onValueChange={(text) => {
              setName(text);
              setError(null);
            }}
            onChoose={choose}
          />
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
