import type { Person } from '../../shared/doc/types';

/** The four people in the chaos room, one host each. */
export const PEOPLE: readonly Person[] = [
  { id: 'u-ines', name: 'Ines (IC)' },
  { id: 'u-omar', name: 'Omar (ops)' },
  { id: 'u-carla', name: 'Carla (comms)' },
  { id: 'u-sam', name: 'Sam (scribe)' },
];

/** What a chaos host prints for `report`. */
export interface HostReport {
  readonly stateVector: string;
  readonly digest: string;
  readonly entries: number;
  readonly connection: string;
  readonly pendingToRelay: number;
  readonly saveError: string | null;
  readonly refusal: string | null;
}
