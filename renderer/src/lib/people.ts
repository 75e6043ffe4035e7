import type { PresencePeer } from '../../../shared/channel/host-events';
import type { Person } from '../../../shared/doc/types';
import type { RoomView } from '../store/room-view';

/**
 * People one can hand a role to: whoever is present (by the profile id their host shares), holds
 * a role, is an SME or wrote on the timeline. Peers from clients that send no id are left out: a role must
 * go to a person the room can recognise again.
 */
export function knownPeople(view: RoomView, peers: PresencePeer[], self: Person | null): Person[] {
  const byId = new Map<string, Person>();
  const add = (person: Person | null | undefined) => {
    if (person && !byId.has(person.id)) byId.set(person.id, { id: person.id, name: person.name });
  };
  add(self);
  for (const peer of peers) {
    if (peer.userId) add({ id: peer.userId, name: peer.name });
  }
  for (const person of Object.values(view.roles)) add(person);
  for (const expert of view.experts) add(expert);
  for (const entry of view.timeline) add(entry.recorder);
  for (const decision of view.decisions) add(decision.proposer);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
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
