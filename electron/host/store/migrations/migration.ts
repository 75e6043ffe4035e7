import type Database from 'better-sqlite3';
import type { SchemaMigration } from '../../../../shared/util/run-migrations';

/** One host schema step (see shared/util/run-migrations.ts for the rules every step keeps). */
export type Migration = SchemaMigration<Database.Database>;
