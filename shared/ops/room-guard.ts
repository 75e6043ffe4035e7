import type * as Y from 'yjs';
import { SEVERITIES, isOneOf, type Role, type Severity } from '../doc/enums';
import { roomRoots, type RoomRoots } from '../doc/roots';
import { asPerson, asPhaseState, asPolicy } from '../doc/shapes';
import type { Person, PhaseState, RoomPolicy } from '../doc/types';
import type { OperationContext } from './context';
import { OperationError } from './operation-error';

/** What guards need to know about a declared room, read once before an operation writes. */
export interface DeclaredRoom {
  roots: RoomRoots;
  severity: Severity;
  phase: PhaseState;
  policy: RoomPolicy;
}

export function isDeclared(roots: RoomRoots): boolean {
  return roots.meta.has('formatVersion');
}

export function requireDeclared(doc: Y.Doc): DeclaredRoom {
  const roots = roomRoots(doc);
  if (!isDeclared(roots)) {
    throw new OperationError('not-declared', 'No incident has been declared in this room yet.');
  }
  const severityValue = roots.meta.get('severity');
  const phase = asPhaseState(roots.meta.get('phase'));
  const policy = asPolicy(roots.meta.get('policy'));
  if (!isOneOf(SEVERITIES, severityValue) || !phase || !policy) {
    // Only a peer writing outside the operations can cause this; refuse rather than guess.
    throw new OperationError(
      'invalid-transition',
      'The room metadata is damaged (severity, phase or policy).',
    );
  }
  return { roots, severity: severityValue, phase, policy };
}

export function roleHolder(roots: RoomRoots, role: Role): Person | null {
  return asPerson(roots.roles.get(role));
}

export function holdsRole(roots: RoomRoots, role: Role, ctx: OperationContext): boolean {
  return roleHolder(roots, role)?.id === ctx.actor.id;
}

export function requireIncidentCommander(
  roots: RoomRoots,
  ctx: OperationContext,
  what: string,
): void {
  if (holdsRole(roots, 'ic', ctx)) return;
  const ic = roleHolder(roots, 'ic');
  throw new OperationError(
    'not-incident-commander',
    `Only the incident commander may ${what}; the IC is ${ic ? ic.name : 'not assigned'}.`,
  );
}
