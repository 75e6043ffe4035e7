import type Database from 'better-sqlite3';

/** One schema step. Each file is self-contained: it never imports another migration's code. */
export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; strictly increasing, no gaps. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}
