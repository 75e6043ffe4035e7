import type { Database, Statement } from 'better-sqlite3';
import { PHASES, SEVERITIES, isOneOf } from '../../shared/doc/enums';
import type { PublishedUpdate, StatusPageListing } from '../status-pages/status-page-fields';

/** A room's status page fields as last read from its document; null: on no page. */
export interface StatusPageRoomUpdate {
  readonly roomId: string;
  readonly listing: StatusPageListing | null;
}

/** A room on a page, as stored. */
export interface StoredPageRoom extends StatusPageListing {
  readonly roomId: string;
}

/** When what a page shows last changed; `version` only grows, for the page's ETag. */
export interface PageVersion {
  readonly version: number;
  readonly changedAt: number;
}

/** A room's row as both stores read it (SQLite's `resolved` made a boolean). */
export interface PageRoomRow {
  room_id: string;
  page_id: string;
  component_ids: string;
  title: string | null;
  severity: string | null;
  phase: string | null;
  resolved: boolean;
  declared_at: string | null;
  resolved_at: string | null;
}

interface RoomRow extends Omit<PageRoomRow, 'resolved'> {
  resolved: number;
}

interface UpdateRow {
  room_id: string;
  update_id: string;
  text: string;
  phase: string;
  published_at: string;
}

/**
 * The status pages' tables (migration 4). Written, debounced, as rooms' updates are stored (the
 * same path as the room list), read by the `/status/...` routes without loading any room.
 * A published update's row is never rewritten: the first text stored for an id is what pages
 * show, whatever a peer writes into the document later.
 */
export class StatusPageStore {
  private readonly selectRoom: Statement<[string], { page_id: string; fingerprint: string }>;
  private readonly upsertRoom: Statement<
    [
      string,
      string,
      string,
      string | null,
      string | null,
      string | null,
      number,
      string | null,
      string | null,
      string,
    ]
  >;
  private readonly deleteRoom: Statement<[string]>;
  private readonly insertUpdate: Statement<[string, string, string, string, string]>;
  private readonly deleteUpdates: Statement<[string]>;
  private readonly bumpPage: Statement<[string, number]>;
  private readonly selectVersion: Statement<[string], { version: number; changed_at: number }>;
  private readonly selectPageRooms: Statement<[string], RoomRow>;
  private readonly selectPageUpdates: Statement<[string], UpdateRow>;

  constructor(private readonly db: Database) {
    this.selectRoom = db.prepare(
      'SELECT page_id, fingerprint FROM status_page_rooms WHERE room_id = ?',
    );
    this.upsertRoom = db.prepare(
      `INSERT INTO status_page_rooms (room_id, page_id, component_ids, title, severity, phase,
         resolved, declared_at, resolved_at, fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(room_id) DO UPDATE SET page_id = excluded.page_id,
         component_ids = excluded.component_ids, title = excluded.title,
         severity = excluded.severity, phase = excluded.phase, resolved = excluded.resolved,
         declared_at = excluded.declared_at, resolved_at = excluded.resolved_at,
         fingerprint = excluded.fingerprint`,
    );
    this.deleteRoom = db.prepare('DELETE FROM status_page_rooms WHERE room_id = ?');
    this.insertUpdate = db.prepare(
      `INSERT INTO status_page_updates (room_id, update_id, text, phase, published_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT(room_id, update_id) DO NOTHING`,
    );
    this.deleteUpdates = db.prepare('DELETE FROM status_page_updates WHERE room_id = ?');
    this.bumpPage = db.prepare(
      `INSERT INTO status_page_versions (page_id, version, changed_at) VALUES (?, 1, ?)
       ON CONFLICT(page_id) DO UPDATE SET version = version + 1,
         changed_at = max(changed_at, excluded.changed_at)`,
    );
    this.selectVersion = db.prepare(
      'SELECT version, changed_at FROM status_page_versions WHERE page_id = ?',
    );
    this.selectPageRooms = db.prepare(
      `SELECT room_id, page_id, component_ids, title, severity, phase, resolved, declared_at,
         resolved_at FROM status_page_rooms WHERE page_id = ? ORDER BY declared_at DESC, room_id`,
    );
    this.selectPageUpdates = db.prepare(
      `SELECT u.room_id, u.update_id, u.text, u.phase, u.published_at
       FROM status_page_updates u JOIN status_page_rooms r ON r.room_id = u.room_id
       WHERE r.page_id = ? ORDER BY u.published_at, u.update_id`,
    );
  }

  /**
   * Writes the rooms' rows in one transaction. A page's version moves only when what it shows
   * changed (a room listed, moved, taken off, or its fields or updates changed), so its ETag
   * stays put while people type in a draft.
   */
  update(rows: readonly StatusPageRoomUpdate[], nowMs: number): void {
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const row of rows) this.updateRoom(row, nowMs);
    })();
  }

  private updateRoom({ roomId, listing }: StatusPageRoomUpdate, nowMs: number): void {
    const before = this.selectRoom.get(roomId);
    if (!listing) {
      if (!before) return;
      this.deleteRoom.run(roomId);
      this.deleteUpdates.run(roomId);
      this.bumpPage.run(before.page_id, nowMs);
      return;
    }
    const fingerprint = JSON.stringify(listing);
    if (before?.page_id === listing.pageId && before.fingerprint === fingerprint) return;
    this.upsertRoom.run(
      roomId,
      listing.pageId,
      JSON.stringify(listing.componentIds),
      listing.title,
      listing.severity,
      listing.phase,
      listing.resolved ? 1 : 0,
      listing.declaredAt,
      listing.resolvedAt,
      fingerprint,
    );
    for (const update of listing.updates) {
      this.insertUpdate.run(roomId, update.id, update.text, update.phase, update.publishedAt);
    }
    this.bumpPage.run(listing.pageId, nowMs);
    if (before && before.page_id !== listing.pageId) this.bumpPage.run(before.page_id, nowMs);
  }

  /** The page's version, or null when no room was ever listed on it. */
  pageVersion(pageId: string): PageVersion | null {
    const row = this.selectVersion.get(pageId);
    return row ? { version: row.version, changedAt: row.changed_at } : null;
  }

  /** The rooms listed on the page, newest declared first, each with its published updates. */
  pageRooms(pageId: string): StoredPageRoom[] {
    const updates = new Map<string, PublishedUpdate[]>();
    for (const row of this.selectPageUpdates.all(pageId)) {
      if (!isOneOf(PHASES, row.phase)) continue;
      const list = updates.get(row.room_id) ?? [];
      list.push({
        id: row.update_id,
        text: row.text,
        phase: row.phase,
        publishedAt: row.published_at,
      });
      updates.set(row.room_id, list);
    }
    return this.selectPageRooms
      .all(pageId)
      .map((row) =>
        toStoredPageRoom({ ...row, resolved: row.resolved === 1 }, updates.get(row.room_id) ?? []),
      );
  }
}

/** A room's row and its published updates as a page shows them; unknown enum values read null. */
export function toStoredPageRoom(
  row: PageRoomRow,
  updates: readonly PublishedUpdate[],
): StoredPageRoom {
  return {
    roomId: row.room_id,
    pageId: row.page_id,
    componentIds: parseIds(row.component_ids),
    title: row.title,
    severity: isOneOf(SEVERITIES, row.severity) ? row.severity : null,
    phase: isOneOf(PHASES, row.phase) ? row.phase : null,
    resolved: row.resolved,
    declaredAt: row.declared_at,
    resolvedAt: row.resolved_at,
    updates,
  };
}

function parseIds(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}
