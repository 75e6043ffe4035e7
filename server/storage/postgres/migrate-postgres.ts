import type pg from 'pg';
import { checkNumbering, type MigrationRun } from '../../../shared/util/run-migrations';
import { inTransaction } from './in-transaction';
import { postgresMigrations, type PostgresMigration } from './migrations';

/**
 * An arbitrary, fixed key for `pg_advisory_xact_lock`: every relay that migrates the same
 * database takes it, so relays started together run each step once, one after the other.
 */
const MIGRATION_LOCK_KEY = 7_165_016;

/**
 * Brings a shared-mode PostgreSQL database to the newest schema, with the SQLite runner's rules
 * (shared/util/run-migrations.ts): numbered steps in order, each in its own transaction with its
 * version bump, a database newer than this relay refused. PostgreSQL has no `user_version`, so
 * the version is the one row of `relay_schema`. Returns the versions before and after.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[] = postgresMigrations,
): Promise<MigrationRun> {
  checkNumbering(migrations);
  const newest = migrations.at(-1)?.version ?? 0;
  const from = await inTransaction(pool, async (client) => {
    await lockMigrations(client);
    await client.query(`
      CREATE TABLE IF NOT EXISTS relay_schema (
        single boolean PRIMARY KEY DEFAULT true CHECK (single),
        version integer NOT NULL
      )`);
    await client.query('INSERT INTO relay_schema (version) VALUES (0) ON CONFLICT DO NOTHING');
    return currentVersion(client);
  });
  if (from > newest) {
    throw new Error(
      `the PostgreSQL database is at schema ${from}, newer than this relay knows (${newest}); upgrade the relay`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    await inTransaction(pool, async (client) => {
      await lockMigrations(client);
      // Another relay may have run this step since we read the version: read it again, locked.
      if ((await currentVersion(client)) >= migration.version) return;
      await client.query(migration.sql);
      await client.query('UPDATE relay_schema SET version = $1', [migration.version]);
    });
  }
  return { from, to: Math.max(from, newest) };
}

async function currentVersion(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ version: number }>('SELECT version FROM relay_schema');
  return rows[0]?.version ?? 0;
}

/** Held until the transaction ends: one migrating relay at a time. */
async function lockMigrations(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
}
