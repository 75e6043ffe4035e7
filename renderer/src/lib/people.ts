import type { PresencePeer } from '../../../shared/channel/host-events';
import type { Person } from '../../../shared/doc/types';
import type { RoomView } from '../store/room-view';

/** Whom a role can go to, in the order a picker offers them. */
export interface RoleCandidates {
  /** Here now: me and every peer whose client shares a profile id, by name. */
  present: Person[];
  /** Not here now, but known to this room: held a role, is an SME, wrote an entry or a decision. */
  recent: Person[];
}

/**
 * The people of a room, present first. Peers from clients that send no id are left out: a role
 * must go to a person the room can recognise again.
 */
export function roleCandidates(
  view: RoomView,
  peers: PresencePeer[],
  self: Person | null,
): RoleCandidates {
  const present = new Map<string, Person>();
  const recent = new Map<string, Person>();
  const addTo = (into: Map<string, Person>) => (person: Person | null | undefined) => {
    if (person && !present.has(person.id) && !into.has(person.id)) {
      into.set(person.id, { id: person.id, name: person.name });
    }
  };
  const addPresent = addTo(present);
  const addRecent = addTo(recent);
  addPresent(self);
  for (const peer of peers) {
    if (peer.userId) addPresent({ id: peer.userId, name: peer.name });
  }
  for (const person of Object.values(view.roles)) addRecent(person);
  for (const expert of view.experts) addRecent(expert);
  for (const entry of view.timeline) addRecent(entry.recorder);
  for (const decision of view.decisions) addRecent(decision.proposer);
  return { present: byName([...present.values()]), recent: byName([...recent.values()]) };
}

/**
 * The person a typed name means: someone the room knows by that name (any case) keeps their
 * identity, so their role permissions and presence badge follow them; a new name is recorded as
 * typed. Two known people with the same name cannot be told apart by typing: that is an error
 * asking to pick from the list, rather than a guess.
 */
export function personForTypedName(
  typed: string,
  known: Person[],
): { ok: true; person: Person } | { ok: false; error: string } {
  const name = typed.trim();
  if (name === '') return { ok: false, error: 'Type the name of the person taking the role.' };
  const matches = known.filter((person) => person.name.toLowerCase() === name.toLowerCase());
  const unique = new Map(matches.map((person) => [person.id, person]));
  if (unique.size > 1) {
    return {
      ok: false,
      error: `${unique.size} people here are called ${name}: pick one from the list.`,
    };
  }
  return { ok: true, person: matches[0] ?? personFromName(name) };
}

/** A stable id for someone named by hand (an SME not in the app): same name, same id. */
export function personFromName(name: string): Person {
  const trimmed = name.trim();
  const slug = trimmed
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return { id: `named:${slug || 'someone'}`, name: trimmed };
}

function byName(people: Person[]): Person[] {
  return people.sort((a, b) => a.name.localeCompare(b.name));
}
