import { initialPostgresMigration } from './0001-initial';
import { listingPagedRolesMigration } from './0002-listing-paged-roles';
import { alertIntakeMigration } from './0003-alert-intake';
import { outboundOutboxMigration } from './0004-outbound-outbox';
import { statusPagesMigration } from './0005-status-pages';

/**
 * One shared-mode schema step: plain SQL, run in one transaction with its version bump. Numbered
 * 1, 2, 3… like the SQLite steps (shared/util/run-migrations.ts keeps the numbering rule); a
 * shipped step never changes.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** In order; a migration's version is its position. */
export const postgresMigrations: readonly PostgresMigration[] = [
  initialPostgresMigration,
  listingPagedRolesMigration,
  alertIntakeMigration,
  outboundOutboxMigration,
  statusPagesMigration,
];
