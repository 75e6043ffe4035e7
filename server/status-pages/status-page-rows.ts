import type {
  PageVersion,
  StatusPageRoomUpdate,
  StatusPageStore,
  StoredPageRoom,
} from '../storage/status-page-store';
import { answered } from '../storage/sqlite-room-directory';
import type { StatusPage } from './status-pages-file';

/**
 * The status pages' rows as the room listing writer writes them and the `/status/...` routes
 * read them: the embedded relay's SQLite tables (`sqliteStatusPageRows`), or PostgreSQL's in
 * shared mode (`PostgresStatusPageStore`), so every relay of a cluster serves the same page.
 * Reads are async because PostgreSQL is across a network; the SQLite store answers within the
 * call.
 */
export interface StatusPageRows {
  /**
   * Writes rows read from loaded rooms' documents after changes stored at `nowMs` at the latest.
   * Derived data: a failure costs freshness until the room's next change, never an update, so
   * it is logged (the SQLite store throws to the writer, which logs it; PostgreSQL's writes run
   * on after the call and log their own failures).
   */
  update(rows: readonly StatusPageRoomUpdate[], nowMs: number): void;
  /**
   * The relay read its status pages file at `nowMs` (its start): a page counts as changed then,
   * unless the same declaration was recorded before (shared mode: by any relay), so its
   * Last-Modified tells readers a changed file too.
   */
  declarePages(pages: readonly StatusPage[], nowMs: number): Promise<void>;
  /** The rooms listed on the page, newest declared first, each with its published updates. */
  pageRooms(pageId: string): Promise<StoredPageRoom[]>;
  /** When what the page shows last changed, its declaration included; null: never. */
  pageVersion(pageId: string): Promise<PageVersion | null>;
}

/**
 * The embedded relay's rows: its SQLite file, answered synchronously. One process reads the file
 * and serves the pages, so a declaration is simply the time it was read (nothing is stored).
 */
export function sqliteStatusPageRows(store: StatusPageStore): StatusPageRows {
  let declaredAt = 0;
  return {
    update: (rows, nowMs) => store.update(rows, nowMs),
    declarePages: (_pages, nowMs) => answered(() => void (declaredAt = nowMs)),
    pageRooms: (pageId) => answered(() => store.pageRooms(pageId)),
    pageVersion: (pageId) =>
      answered(() => {
        const stored = store.pageVersion(pageId);
        if (!stored && declaredAt === 0) return null;
        return {
          version: stored?.version ?? 0,
          changedAt: Math.max(stored?.changedAt ?? 0, declaredAt),
        };
      }),
  };
}
