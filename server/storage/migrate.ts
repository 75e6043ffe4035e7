import type { Database } from 'better-sqlite3';
import { runMigrations } from '../../shared/util/run-migrations';
import { migrations as allMigrations, type Migration } from './migrations';

/**
 * Brings the relay database to the newest schema with the shared runner (one transaction per
 * step, `user_version` bumped with it). A database newer than this relay is refused rather than
 * guessed at. Returns the schema version the database is now at.
 */
export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): number {
  return runMigrations(db, migrations, (fileVersion, newestKnown) => {
    return new Error(
      `relay database is at schema ${fileVersion}, newer than this relay knows (${newestKnown}); upgrade the relay`,
    );
  }).to;
}
