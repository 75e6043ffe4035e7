import type pg from 'pg';
import type { FollowUpIssues } from '../../outbound/trackers/follow-up-issue-store';
import type { CreatedIssue } from '../../outbound/trackers/tracker-requests';

/**
 * The issues made of follow-ups, in shared mode (migration 4; the SQLite relay's migrations 8
 * and 9): one per (room, item, tracker target), whichever relay sent it, and when a create was
 * first sent. A follow-up is one outbox row, claimed by one relay at a time, so these rows are
 * written by one sender at a time; the first one written stays, as in SQLite.
 */
export class PostgresFollowUpIssues implements FollowUpIssues {
  constructor(private readonly pool: pg.Pool) {}

  async get(roomId: string, itemId: string, targetId: string): Promise<CreatedIssue | null> {
    const { rows } = await this.pool.query<{ url: string; ref: string }>(
      'SELECT url, ref FROM follow_up_issues WHERE room_id = $1 AND item_id = $2 AND target_id = $3',
      [roomId, itemId, targetId],
    );
    const row = rows[0];
    return row ? { url: row.url, ref: row.ref } : null;
  }

  async firstSentAt(roomId: string, itemId: string, targetId: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ first_sent_at: string }>(
      `SELECT first_sent_at FROM follow_up_sends
       WHERE room_id = $1 AND item_id = $2 AND target_id = $3`,
      [roomId, itemId, targetId],
    );
    const row = rows[0];
    return row ? Number(row.first_sent_at) : null;
  }

  async markSent(roomId: string, itemId: string, targetId: string, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO follow_up_sends (room_id, item_id, target_id, first_sent_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [roomId, itemId, targetId, at],
    );
  }

  async put(
    roomId: string,
    itemId: string,
    targetId: string,
    issue: CreatedIssue,
    at: number,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO follow_up_issues (room_id, item_id, target_id, url, ref, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [roomId, itemId, targetId, issue.url, issue.ref, at],
    );
  }
}
