import type { Database, Statement } from 'better-sqlite3';
import type { CreatedIssue } from './tracker-requests';

/**
 * The issues made of follow-ups, as the tracker sender uses them: the embedded relay's SQLite
 * tables (`FollowUpIssueStore`, wrapped by `sqliteFollowUpIssues`) or PostgreSQL's (shared mode).
 */
export interface FollowUpIssues {
  get(roomId: string, itemId: string, targetId: string): Promise<CreatedIssue | null>;
  /** When a create was first sent, or null: none was, no issue can exist. */
  firstSentAt(roomId: string, itemId: string, targetId: string): Promise<number | null>;
  /** Call before each create request leaves; the first time is kept. */
  markSent(roomId: string, itemId: string, targetId: string, at: number): Promise<void>;
  /** The first issue stays the issue: a second put for the same follow-up changes nothing. */
  put(
    roomId: string,
    itemId: string,
    targetId: string,
    issue: CreatedIssue,
    at: number,
  ): Promise<void>;
}

/** The SQLite tables as `FollowUpIssues`: each call answers (or throws) within itself. */
export function sqliteFollowUpIssues(store: FollowUpIssueStore): FollowUpIssues {
  const answered = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));
  return {
    get: (...key) => answered(() => store.get(...key)),
    firstSentAt: (...key) => answered(() => store.firstSentAt(...key)),
    markSent: (...args) => answered(() => store.markSent(...args)),
    put: (...args) => answered(() => store.put(...args)),
  };
}

/**
 * The issues the relay made of follow-ups (migration 8), one per (room, item, tracker target):
 * what makes sending twice make one issue; and when a create was first sent (migration 9), so
 * a try after an unanswered one looks for the issue first. Synchronous like the rest of the store.
 */
export class FollowUpIssueStore {
  private readonly select: Statement<[string, string, string], { url: string; ref: string }>;
  private readonly insert: Statement<[string, string, string, string, string, number]>;
  private readonly selectSent: Statement<[string, string, string], { first_sent_at: number }>;
  private readonly insertSent: Statement<[string, string, string, number]>;

  constructor(db: Database) {
    this.select = db.prepare(
      'SELECT url, ref FROM follow_up_issues WHERE room_id = ? AND item_id = ? AND target_id = ?',
    );
    // The first issue stays the issue: a second create (there should be none) never replaces it.
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO follow_up_issues (room_id, item_id, target_id, url, ref, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.selectSent = db.prepare(
      'SELECT first_sent_at FROM follow_up_sends WHERE room_id = ? AND item_id = ? AND target_id = ?',
    );
    this.insertSent = db.prepare(
      `INSERT OR IGNORE INTO follow_up_sends (room_id, item_id, target_id, first_sent_at)
       VALUES (?, ?, ?, ?)`,
    );
  }

  get(roomId: string, itemId: string, targetId: string): CreatedIssue | null {
    return this.select.get(roomId, itemId, targetId) ?? null;
  }

  /** When a create was first sent (migration 9), or null: none was, no issue can exist. */
  firstSentAt(roomId: string, itemId: string, targetId: string): number | null {
    return this.selectSent.get(roomId, itemId, targetId)?.first_sent_at ?? null;
  }

  /** Call before each create request leaves; the first time is kept. */
  markSent(roomId: string, itemId: string, targetId: string, at: number): void {
    this.insertSent.run(roomId, itemId, targetId, at);
  }

  put(roomId: string, itemId: string, targetId: string, issue: CreatedIssue, at: number): void {
    this.insert.run(roomId, itemId, targetId, issue.url, issue.ref, at);
  }
}
