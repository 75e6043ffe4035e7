import type Database from 'better-sqlite3';
import type { Migration } from './migrations/migration';
import { LocalStoreError } from './store-errors';

/**
 * Brings a database to the newest schema. Each step runs in its own transaction together with the
 * `user_version` bump, so a crash mid-migration leaves the previous version intact.
 */
export function runMigrations(
  db: Database.Database,
  path: string,
  migrations: readonly Migration[],
): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new LocalStoreError(
      'too-new',
      path,
      null,
      `${path} was written by a newer Incident Room (schema ${current}, this app knows ${newest}). Update the app.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
