/**
 * Stable refusal codes. Callers (UI, relay events API, CLI) branch on `code`; the message is for
 * people. A refused operation has changed nothing.
 */
export const OPERATION_ERROR_CODES = [
  /** The input is malformed: empty, too long, an unknown kind, an impossible time. */
  'invalid-input',
  /** The room has no declared incident yet. */
  'not-declared',
  /** The room already holds a declared incident. */
  'already-declared',
  /** No entry, decision or action item has that id; the person is not an SME. */
  'not-found',
  /** Only the current incident commander may do this. */
  'not-incident-commander',
  /** The actor's role does not allow this (e.g. approving a status update as the scribe). */
  'not-permitted',
  /** The thing is not in a state this operation applies to (e.g. approving a rejected decision). */
  'invalid-transition',
  /** The timeline entry was deleted. */
  'entry-deleted',
  /** The entry records a decision, publication or room change and is kept as written. */
  'entry-protected',
  /** The room has not been in monitoring for its stabilization window. */
  'stabilization-pending',
  /** The status draft has no approval, or its approval no longer matches the text. */
  'status-not-approved',
  /** The status draft is empty. */
  'status-empty',
  /** The status draft still contains prompts its template left to fill (`[service]`). */
  'status-placeholders',
  /** The resolved milestone and phase are set by `resolveIncident` only. */
  'use-resolve',
] as const;

export type OperationErrorCode = (typeof OPERATION_ERROR_CODES)[number];

export class OperationError extends Error {
  override readonly name = 'OperationError';

  constructor(
    readonly code: OperationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isOperationError(error: unknown): error is OperationError {
  return error instanceof OperationError;
}
