import { useId, useState, type KeyboardEvent } from 'react';
import type { Person } from '../../../shared/doc/types';
import type { RoleCandidates } from '../lib/people';

/** What the person chose: someone from the list (by identity), or whatever they typed. */
export type PersonChoice = { kind: 'person'; person: Person } | { kind: 'typed'; text: string };

interface Group {
  label: string;
  people: Person[];
}

/**
 * A text field with a list of people to pick from: the ARIA combobox pattern with a listbox
 * popup and manual selection (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Not a native
 * `<datalist>`: its popup is browser chrome, so it cannot group "in the room" apart from
 * "recent", cannot tell two people with the same name apart (it hands back only the text), and
 * screen readers announce it unevenly. Here focus stays in the field, the highlighted option is
 * its aria-activedescendant, Down/Up move, Enter picks the highlighted person (or, with none
 * highlighted, submits the typed text), Escape closes the list, and a click on an option picks.
 */
export function PersonCombobox({
  label,
  placeholder,
  candidates,
  value,
  onValueChange,
  onChoose,
}: {
  label: string;
  placeholder: string;
  candidates: RoleCandidates;
  value: string;
  onValueChange: (text: string) => void;
  onChoose: (choice: PersonChoice) => void;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Options exist only while the list is open, so a closed row reads as its holder alone.
  const matching = filterGroups(candidates, value);
  const groups = open ? matching : [];
  const options = groups.flatMap((group) => group.people);
  const matchCount = matching.reduce((sum, group) => sum + group.people.length, 0);
  const activePerson = options[active];
  const optionId = (person: Person) => `${listId}-${options.indexOf(person)}`;
  const sameName = duplicateNames(options);

  function choose(choice: PersonChoice) {
    setOpen(false);
    setActive(-1);
    onChoose(choice);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (matchCount === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // Opening the list highlights its first (Down) or last (Up) person; then the keys wrap.
      const first = step > 0 ? 0 : matchCount - 1;
      setOpen(true);
      setActive((index) => (!open || index < 0 ? first : (index + step + matchCount) % matchCount));
    } else if (event.key === 'Enter' && activePerson) {
      // The form would submit the typed text; the highlighted person is what was meant.
      event.preventDefault();
      choose({ kind: 'person', person: activePerson });
    } else if (event.key === 'Enter') {
      // Nobody highlighted: the form submits the typed text, and the list has done its part.
      setOpen(false);
      setActive(-1);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  }

  return (
    <span className="person-combobox">
      <input
        role="combobox"
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-activedescendant={activePerson ? optionId(activePerson) : undefined}
        placeholder={placeholder}
        value={value}
        maxLength={200}
        autoComplete="off"
        onChange={(event) => {
          onValueChange(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={`People for ${label}`}
        className="person-combobox__list"
        hidden={options.length === 0}
      >
        {groups.map((group) => (
          <div role="group" aria-label={group.label} key={group.label}>
            <div className="person-combobox__group" aria-hidden="true">
              {group.label}
            </div>
            {group.people.map((person) => (
              <div
                key={person.id}
                id={optionId(person)}
                role="option"
                aria-selected={person === activePerson}
                // Keep focus in the field (a blur would close the list before the click lands).
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose({ kind: 'person', person })}
              >
                {sameName.has(person.name.toLowerCase())
                  ? `${person.name} (${person.id})`
                  : person.name}
              </div>
            ))}
          </div>
        ))}
      </div>
    </span>
  );
}

/** The groups with a person whose name contains the typed text (all of them when it is empty). */
function filterGroups(candidates: RoleCandidates, typed: string): Group[] {
  const query = typed.trim().toLowerCase();
  const keep = (people: Person[]) =>
    people.filter((person) => person.name.toLowerCase().includes(query));
  return [
    { label: 'In the room', people: keep(candidates.present) },
    { label: 'Recent in this room', people: keep(candidates.recent) },
  ].filter((group) => group.people.length > 0);
}

function duplicateNames(people: Person[]): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const person of people) {
    const name = person.name.toLowerCase();
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  return duplicates;
}
