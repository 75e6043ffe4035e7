import type * as Y from 'yjs';
import { readRoomPreview, type RoomPreview } from '../../../shared/read';
import { RoomStore } from '../store/room-store';

/**
 * How long after a stored change the room's first screen is rewritten. A burst of changes (typing
 * in the status draft) is written once; a host killed within the delay leaves a first screen that
 * no longer matches the file, which is then not used (the room opens the slow way once).
 */
export const FIRST_SCREEN_WRITE_DELAY_MS = 3000;

/** Bumped when `RoomPreview` changes shape: a first screen kept by another version is not used. */
const FIRST_SCREEN_FORMAT = 1;

interface KeptFirstScreen {
  format: number;
  preview: RoomPreview;
}

/**
 * Keeps a loaded room's first screen (its `RoomPreview`) in the room's file, bound to the stored
 * content it describes, so the next window to open the room paints it without the host loading
 * the whole document first. Written a little after changes and when the room closes.
 */
export class FirstScreenKeeper {
  private timer: NodeJS.Timeout | null = null;
  private dirty: boolean;

  constructor(
    private readonly doc: Y.Doc,
    private readonly store: RoomStore,
    /** False while the document is ahead of the file (a failed append): nothing is kept then. */
    private readonly matchesFile: () => boolean,
    private readonly delayMs: number = FIRST_SCREEN_WRITE_DELAY_MS,
  ) {
    // A room last closed by an older version, or whose file moved on without a write (a kill),
    // gets one soon after it opens.
    this.dirty = store.firstScreenAt(store.contentPosition()) === null;
    if (this.dirty) this.schedule();
  }

  /** A change was stored. */
  noteStored(): void {
    this.dirty = true;
    this.schedule();
  }

  /** Writes now if anything changed since the last write; call before the store closes. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty || !this.matchesFile()) return;
    const kept: KeptFirstScreen = {
      format: FIRST_SCREEN_FORMAT,
      preview: readRoomPreview(this.doc),
    };
    this.store.writeFirstScreen(this.store.contentPosition(), JSON.stringify(kept));
    this.dirty = false;
  }

  close(): void {
    try {
      this.flush();
    } catch (error) {
      // Only a head start is lost: the next open loads the room the slow way.
      console.warn('incident-room: could not keep the room first screen', error);
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.flush();
      } catch (error) {
        console.warn('incident-room: could not keep the room first screen', error);
      }
    }, this.delayMs);
    // A pending write must not keep a CLI command or a test process alive.
    this.timer.unref();
  }
}

/** The first screen kept in the room file at `path` for its current content, or null. */
export function keptFirstScreenOf(path: string): RoomPreview | null {
  const data = RoomStore.currentFirstScreen(path);
  if (data === null) return null;
  try {
    const kept = JSON.parse(data) as Partial<KeptFirstScreen>;
    return kept.format === FIRST_SCREEN_FORMAT && kept.preview ? kept.preview : null;
  } catch {
    return null;
  }
}
