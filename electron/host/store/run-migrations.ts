import type Database from 'better-sqlite3';
import { runMigrations as runSchemaMigrations } from '../../../shared/util/run-migrations';
import type { Migration } from './migrations/migration';
import { LocalStoreError } from './store-errors';

/**
 * Brings a host database to the newest schema with the shared runner (one transaction per step,
 * `user_version` bumped with it); a file from a newer app is a `too-new` LocalStoreError that
 * tells the person to update.
 */
export function runMigrations(
  db: Database.Database,
  path: string,
  migrations: readonly Migration[],
): void {
  runSchemaMigrations(db, migrations, (fileVersion, newestKnown) => {
    return new LocalStoreError(
      'too-new',
      path,
      null,
      `${path} was written by a newer Incident Room (schema ${fileVersion}, this app knows ${newestKnown}). Update the app.`,
    );
  });
}
