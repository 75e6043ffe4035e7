/**
 * Typed failures of the local store, so callers can tell "this room has no data" from "the data
 * could not be read" and show the person what happened to their file.
 */

export type StoreFailureKind =
  /** The file is not a SQLite database or its pages fail the integrity check. */
  | 'corrupt'
  /** The file exists but cannot be opened (permissions, disk gone, locked by another program). */
  | 'unreadable'
  /** The file was written by a newer version of the app. */
  | 'too-new';

export class LocalStoreError extends Error {
  override readonly name = 'LocalStoreError';

  constructor(
    readonly kind: StoreFailureKind,
    /** The database file that failed. */
    readonly path: string,
    /** Where the damaged file was moved so nothing in it is lost; null when it was left in place. */
    readonly movedAsideTo: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An append failed: the change is in memory only and must not be reported as saved. */
export class AppendFailedError extends Error {
  override readonly name = 'AppendFailedError';
}
