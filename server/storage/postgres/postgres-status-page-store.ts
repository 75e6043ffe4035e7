import { createHash } from 'node:crypto';
import type pg from 'pg';
import { PHASES, isOneOf } from '../../../shared/doc/enums';
import { BackgroundWrites } from './background-writes';
import type { RelayLogger } from '../../logging/logger';
import { StoreUnavailableError } from '../../rooms/room-directory';
import type { PublishedUpdate } from '../../status-pages/status-page-fields';
import type { StatusPageRows } from '../../status-pages/status-page-rows';
import type { StatusPage } from '../../status-pages/status-pages-file';
import {
  toStoredPageRoom,
  type PageRoomRow,
  type PageVersion,
  type StatusPageRoomUpdate,
  type StoredPageRoom,
} from '../status-page-store';
import { inTransaction } from './in-transaction';

interface LockedRow {
  room_id: string;
  old_page_id: string | null;
  /** The row was read after an earlier change than this write's: this write replaces it. */
  newer: boolean;
  /** What a page shows of the room differs from the row's (a page's version moves). */
  changed: boolean;
}

/** A row to write: `listing` null is a room on no page, kept as a row with `page_id` NULL. */
interface IncomingRow extends StatusPageRoomUpdate {
  readonly fingerprint: string;
}

// Rooms, fingerprints and dates compare byte for byte ("C"), as SQLite compares them, so every
// relay orders them alike whatever the database's locale.

/** Rows for rooms written for the first time: on no page, older than any write. */
const INSERT_UNWRITTEN = `INSERT INTO status_page_rooms
    (room_id, page_id, component_ids, resolved, fingerprint, stored_at)
  SELECT room_id, NULL, '[]', false, 'null', -1 FROM unnest($1::text[]) AS room_id
  ON CONFLICT (room_id) DO NOTHING`;

/**
 * Locks the rows in room order (every relay's transactions do, so none waits on another in a
 * cycle) and compares each with this write: newer when it was read after a later change (equal
 * times: the greater fingerprint, so two relays agree in either order), changed when a page
 * would show something else.
 */
const LOCK_ROWS = `SELECT r.room_id, r.page_id AS old_page_id,
    (r.stored_at, r.fingerprint COLLATE "C") < ($4::bigint, w.fingerprint COLLATE "C") AS newer,
    (r.page_id IS DISTINCT FROM w.page_id OR r.fingerprint <> w.fingerprint) AS changed
  FROM status_page_rooms r
  JOIN unnest($1::text[], $2::text[], $3::text[]) AS w (room_id, fingerprint, page_id)
    ON w.room_id = r.room_id
  ORDER BY r.room_id COLLATE "C"
  FOR UPDATE OF r`;

const WRITE_ROWS = `UPDATE status_page_rooms r SET page_id = w.page_id,
    component_ids = w.component_ids, title = w.title, severity = w.severity, phase = w.phase,
    resolved = w.resolved, declared_at = w.declared_at, resolved_at = w.resolved_at,
    fingerprint = w.fingerprint, stored_at = $11
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
    $7::boolean[], $8::text[], $9::text[], $10::text[]) AS w (room_id, page_id, component_ids,
    title, severity, phase, resolved, declared_at, resolved_at, fingerprint)
  WHERE r.room_id = w.room_id`;

/** The first text stored for an update id is the one pages keep (as in SQLite). */
const INSERT_UPDATES = `INSERT INTO status_page_updates
    (room_id, update_id, text, phase, published_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
  ON CONFLICT (room_id, update_id) DO NOTHING`;

/** A page's version only grows and its time never moves back, whichever relay writes last. */
const BUMP_PAGES = `INSERT INTO status_page_versions (page_id, version, changed_at)
  SELECT page_id, 1, $2 FROM unnest($1::text[]) AS page_id
  ON CONFLICT (page_id) DO UPDATE SET version = status_page_versions.version + 1,
    changed_at = GREATEST(status_page_versions.changed_at, excluded.changed_at)`;

const DECLARE_PAGES = `INSERT INTO status_page_versions (page_id, version, changed_at, declaration)
  SELECT page_id, 1, $3, declaration FROM unnest($1::text[], $2::text[]) AS d (page_id, declaration)
  ON CONFLICT (page_id) DO UPDATE SET version = status_page_versions.version + 1,
    changed_at = GREATEST(status_page_versions.changed_at, excluded.changed_at),
    declaration = excluded.declaration
  WHERE status_page_versions.declaration IS DISTINCT FROM excluded.declaration`;

/** A page's rooms and their published updates in one statement: one snapshot, one round trip. */
const PAGE_ROOMS = `SELECT r.room_id, r.page_id, r.component_ids, r.title, r.severity, r.phase,
    r.resolved, r.declared_at, r.resolved_at,
    coalesce((SELECT json_agg(json_build_object('id', u.update_id, 'text', u.text,
        'phase', u.phase, 'publishedAt', u.published_at)
        ORDER BY u.published_at COLLATE "C", u.update_id COLLATE "C")
      FROM status_page_updates u WHERE u.room_id = r.room_id), '[]'::json) AS updates
  FROM status_page_rooms r WHERE r.page_id = $1
  ORDER BY r.declared_at COLLATE "C" DESC NULLS LAST, r.room_id COLLATE "C"`;

/**
 * The status pages' rows in PostgreSQL (migration 5), the same for every relay. Rows are written
 * by whichever relay stored a room's change, read from its copy of the document; a row is only
 * replaced by one read after a later change, and a page's version and time never move back, so
 * two relays writing the same room's row in either order agree.
 */
export class PostgresStatusPageStore implements StatusPageRows {
  private readonly background: BackgroundWrites;

  constructor(
    private readonly pool: pg.Pool,
    logger: RelayLogger,
  ) {
    this.background = new BackgroundWrites(logger, 'status page rows');
  }

  update(rows: readonly StatusPageRoomUpdate[], nowMs: number): void {
    if (rows.length === 0) return;
    this.background.start(
      rows.map((row) => row.roomId),
      this.write(rows, nowMs),
    );
  }

  /** Resolves once every write begun so far has finished (shutdown). */
  settle(): Promise<void> {
    return this.background.settle();
  }

  async declarePages(pages: readonly StatusPage[], nowMs: number): Promise<void> {
    if (pages.length === 0) return;
    const digest = (page: StatusPage): string =>
      createHash('sha256').update(JSON.stringify(page)).digest('base64url');
    await this.pool.query(DECLARE_PAGES, [pages.map((page) => page.id), pages.map(digest), nowMs]);
  }

  async pageRooms(pageId: string): Promise<StoredPageRoom[]> {
    const { rows } = await this.read<PageRoomRow & { updates: PublishedUpdate[] }>(PAGE_ROOMS, [
      pageId,
    ]);
    return rows.map((row) =>
      toStoredPageRoom(
        row,
        row.updates.filter((update) => isOneOf(PHASES, update.phase)),
      ),
    );
  }

  async pageVersion(pageId: string): Promise<PageVersion | null> {
    const { rows } = await this.read<{ version: string; changed_at: string }>(
      'SELECT version, changed_at FROM status_page_versions WHERE page_id = $1',
      [pageId],
    );
    const [row] = rows;
    return row ? { version: Number(row.version), changedAt: Number(row.changed_at) } : null;
  }

  /** For the routes: a failed read is the store being away (503), not a 500. */
  private read<R extends pg.QueryResultRow>(
    sql: string,
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(sql, values).catch((error: unknown) => {
      throw new StoreUnavailableError(error);
    });
  }

  private async write(rows: readonly StatusPageRoomUpdate[], nowMs: number): Promise<void> {
    // The last row given per room, in room order: the order every relay takes their locks in.
    const incoming = [...new Map(rows.map((row) => [row.roomId, row])).values()]
      .sort((a, b) => (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0))
      .map((row) => ({ ...row, fingerprint: JSON.stringify(row.listing) }));
    const roomIds = incoming.map((row) => row.roomId);
    // Committed on its own, before the transaction: that one then only locks rows that exist,
    // in room order, so two relays' writes never deadlock on a new room.
    await this.pool.query(INSERT_UNWRITTEN, [roomIds]);
    await inTransaction(this.pool, async (client) => {
      const { rows: locked } = await client.query<LockedRow>(LOCK_ROWS, [
        roomIds,
        incoming.map((row) => row.fingerprint),
        incoming.map((row) => row.listing?.pageId ?? null),
        nowMs,
      ]);
      const newer = new Map(locked.filter((row) => row.newer).map((row) => [row.room_id, row]));
      if (newer.size === 0) return;
      // Rows whose content is unchanged are written too: their time moves on, so a slower write
      // of an older change cannot replace them later.
      await writeRows(
        client,
        incoming.filter((row) => newer.has(row.roomId)),
        nowMs,
      );
      const changed = incoming.filter((row) => newer.get(row.roomId)?.changed);
      await writeUpdates(client, changed);
      const pages = new Set<string>();
      for (const row of changed) {
        if (row.listing) pages.add(row.listing.pageId);
        const before = newer.get(row.roomId)?.old_page_id;
        if (before) pages.add(before);
      }
      if (pages.size > 0) await client.query(BUMP_PAGES, [[...pages].sort(), nowMs]);
    });
  }
}

async function writeRows(
  client: pg.PoolClient,
  rows: readonly IncomingRow[],
  nowMs: number,
): Promise<void> {
  const column = <T>(pick: (row: IncomingRow) => T): T[] => rows.map(pick);
  await client.query(WRITE_ROWS, [
    column((row) => row.roomId),
    column((row) => row.listing?.pageId ?? null),
    column((row) => JSON.stringify(row.listing?.componentIds ?? [])),
    column((row) => row.listing?.title ?? null),
    column((row) => row.listing?.severity ?? null),
    column((row) => row.listing?.phase ?? null),
    column((row) => row.listing?.resolved ?? false),
    column((row) => row.listing?.declaredAt ?? null),
    column((row) => row.listing?.resolvedAt ?? null),
    column((row) => row.fingerprint),
    nowMs,
  ]);
}

/** A room taken off every page loses its updates (as in SQLite); a listed one gains new ones. */
async function writeUpdates(client: pg.PoolClient, changed: readonly IncomingRow[]): Promise<void> {
  const unlisted = changed.filter((row) => !row.listing).map((row) => row.roomId);
  if (unlisted.length > 0) {
    await client.query('DELETE FROM status_page_updates WHERE room_id = ANY($1::text[])', [
      unlisted,
    ]);
  }
  const updates = changed.flatMap((row) =>
    (row.listing?.updates ?? []).map((update) => ({ roomId: row.roomId, ...update })),
  );
  if (updates.length === 0) return;
  await client.query(INSERT_UPDATES, [
    updates.map((update) => update.roomId),
    updates.map((update) => update.id),
    updates.map((update) => update.text),
    updates.map((update) => update.phase),
    updates.map((update) => update.publishedAt),
  ]);
}
