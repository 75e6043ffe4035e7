import type { Database } from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations';

/**
 * Brings the database to the newest schema. Each migration runs in its own transaction together
 * with its `user_version` bump, so a crash mid-way leaves the file at a whole version.
 * A database newer than this relay is refused rather than guessed at.
 */
export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `relay database is at schema ${current}, newer than this relay knows (${newest}); upgrade the relay`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return newest;
}
