import type * as Y from 'yjs';
import type { Person } from '../doc/types';
import { LIMITS } from '../doc/limits';
import { OperationError } from './operation-error';

/** Who is acting and on which clock. Built by the caller (UI store, host, relay events API). */
export interface OperationContext {
  actor: Person;
  /** Milliseconds since the epoch, already corrected for this machine's offset to the relay. */
  now: () => number;
  /** The estimated offset that `now` has corrected for; recorded on timeline entries. */
  clockOffsetMs?: number | null;
  /** True while the caller has no relay connection; recorded on timeline entries. */
  offline?: boolean;
  /** Transaction origin; defaults to OPERATION_ORIGIN. */
  origin?: unknown;
}

/** Default origin of operation transactions, so observers can tell them from remote updates. */
export const OPERATION_ORIGIN = 'incident-room:operation';

export function checkContext(ctx: OperationContext): void {
  const { actor } = ctx;
  if (typeof actor?.id !== 'string' || actor.id.trim() === '' || actor.id.length > LIMITS.idChars) {
    throw new OperationError('invalid-input', 'The acting person has no valid id.');
  }
  if (
    typeof actor.name !== 'string' ||
    actor.name.trim() === '' ||
    actor.name.length > LIMITS.shortFieldChars
  ) {
    throw new OperationError('invalid-input', 'The acting person has no valid name.');
  }
  const offset = ctx.clockOffsetMs;
  if (offset !== undefined && offset !== null && !Number.isFinite(offset)) {
    throw new OperationError('invalid-input', 'The clock offset is not a finite number.');
  }
}

/**
 * Runs the writes of one operation as one transaction. Operations validate everything before
 * calling this: Yjs cannot roll a transaction back, so a throw halfway would leave half an edit.
 */
export function commit<T>(doc: Y.Doc, ctx: OperationContext, write: () => T): T {
  const results: T[] = [];
  doc.transact(() => {
    results.push(write());
  }, ctx.origin ?? OPERATION_ORIGIN);
  // transact runs its callback synchronously, so exactly one result is there.
  return results[0] as T;
}
