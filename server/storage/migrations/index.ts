import type { Database } from 'better-sqlite3';
import { initialMigration } from './0001-initial';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

/** In order; a migration's version is its position, and a shipped one never changes. */
export const migrations: readonly Migration[] = [initialMigration];
