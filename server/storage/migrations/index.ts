import type { Database } from 'better-sqlite3';
import type { SchemaMigration } from '../../../shared/util/run-migrations';
import { initialMigration } from './0001-initial';
import { alertRoomsMigration } from './0002-alert-rooms';
import { roomListingMigration } from './0003-room-listing';
import { statusPageRoomsMigration } from './0004-status-page-rooms';
import { roomListingPagesMigration } from './0005-room-listing-pages';
import { outboundDeliveriesMigration } from './0006-outbound-deliveries';
import { statuspageIncidentsMigration } from './0007-statuspage-incidents';
import { followUpIssuesMigration } from './0008-follow-up-issues';
import { followUpSendsMigration } from './0009-follow-up-sends';

/** One relay schema step (see shared/util/run-migrations.ts for the rules every step keeps). */
export type Migration = SchemaMigration<Database>;

/** In order; a migration's version is its position, and a shipped one never changes. */
export const migrations: readonly Migration[] = [
  initialMigration,
  alertRoomsMigration,
  roomListingMigration,
  statusPageRoomsMigration,
  roomListingPagesMigration,
  outboundDeliveriesMigration,
  statuspageIncidentsMigration,
  followUpIssuesMigration,
  followUpSendsMigration,
];
