/**
 * The one schema-migration runner, for the host's SQLite files and the relay's. It lives in
 * shared/ (which may not import better-sqlite3) and is typed against the little of a database it
 * uses; better-sqlite3's `Database` has that shape, and so would another driver's adapter.
 *
 * Rules it keeps: the schema version is SQLite's `user_version`; migrations are numbered 1, 2,
 * 3… in order (a shipped one never changes); each runs in its own transaction together with its
 * version bump, so a crash mid-way leaves the file at a whole version; a file newer than the
 * running code is refused, never guessed at.
 */

/** What the runner needs from a database connection. */
export interface MigratableDatabase {
  pragma(source: string, options: { simple: true }): unknown;
  /** Wraps `fn` so that calling the result runs it in one transaction (better-sqlite3's shape). */
  transaction(fn: () => void): () => void;
}

/** One numbered schema step, self-contained: it never imports another migration's code. */
export interface SchemaMigration<Db> {
  /** Becomes `PRAGMA user_version` once applied: 1, 2, 3… without gaps. */
  readonly version: number;
  readonly name: string;
  up(db: Db): void;
}

/** The file's schema is newer than any migration this code knows: written by a newer version. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly fileVersion: number,
    readonly newestKnown: number,
  ) {
    super(
      `the database is at schema ${fileVersion}, newer than this version knows (${newestKnown})`,
    );
  }
}

export interface MigrationRun {
  /** The schema version the file had before this run. */
  readonly from: number;
  /** The schema version it has now (the newest migration's). */
  readonly to: number;
}

/**
 * Brings `db` to the newest schema. `tooNew` turns a too-new file into the error its caller shows
 * (the host and the relay say different things to different people); by default a
 * SchemaTooNewError.
 */
export function runMigrations<Db extends MigratableDatabase>(
  db: Db,
  migrations: readonly SchemaMigration<Db>[],
  tooNew: (fileVersion: number, newestKnown: number) => Error = (file, newest) =>
    new SchemaTooNewError(file, newest),
): MigrationRun {
  checkNumbering(migrations);
  const current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) throw tooNew(current, newest);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      // An integer checked by checkNumbering: safe to write into the pragma text.
      db.pragma(`user_version = ${migration.version}`, { simple: true });
    })();
  }
  return { from: current, to: Math.max(current, newest) };
}

/** The file's `user_version`: 0 for a new, empty file. */
export function schemaVersion(db: MigratableDatabase): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new Error(`user_version is not an integer (${String(version)})`);
  }
  return version;
}

/**
 * A list out of order or with a gap would skip or repeat a step on someone's file: refuse it.
 * Also used by the relay's PostgreSQL migrations (server/storage/postgres/), numbered alike.
 */
export function checkNumbering(migrations: readonly { version: number; name: string }[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration "${migration.name}" has version ${migration.version}; expected ${index + 1} (numbered 1, 2, 3… in order)`,
      );
    }
  });
}
