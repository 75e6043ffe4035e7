/**
 * Runs the notification rules over every open room: on each change to a room and on a timer
 * (a status update comes due without anyone typing). Lives in the main process, so it works while
 * every window is in the background or closed. Electron-free: the shell passes `show`.
 */
import type * as Y from 'yjs';
import { readRoom } from '../../../shared/read/read-room';
import { roomNotices, type RoomNotice } from './notification-rules';

export interface NotifiableRoom {
  readonly localId: string;
  readonly doc: Y.Doc;
}

export interface RoomNotifierOptions {
  rooms: () => readonly NotifiableRoom[];
  me: () => string;
  show: (notice: RoomNotice) => void;
  now?: () => number;
  intervalMs?: number;
  debounceMs?: number;
}

export class RoomNotifier {
  private readonly sent = new Set<string>();
  private readonly looked = new Set<string>();
  private readonly watched = new Map<Y.Doc, () => void>();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: RoomNotifierOptions) {
    this.timer = setInterval(() => this.checkAll(), options.intervalMs ?? 15_000);
    this.timer.unref?.();
  }

  checkAll(): void {
    for (const room of this.options.rooms()) {
      this.watch(room);
      this.check(room);
    }
  }

  check(room: NotifiableRoom): void {
    const now = (this.options.now ?? Date.now)();
    const result = roomNotices({
      roomId: room.localId,
      room: readRoom(room.doc, { now }),
      me: this.options.me(),
      nowMs: now,
      alreadySent: this.sent,
      firstLook: !this.looked.has(room.localId),
    });
    this.looked.add(room.localId);
    for (const key of result.seen) this.sent.add(key);
    for (const notice of result.notices) this.options.show(notice);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const timeout of this.pending.values()) clearTimeout(timeout);
    for (const [doc, listener] of this.watched) doc.off('update', listener);
    this.watched.clear();
  }

  private watch(room: NotifiableRoom): void {
    if (this.watched.has(room.doc)) return;
    const listener = () => {
      clearTimeout(this.pending.get(room.localId));
      this.pending.set(
        room.localId,
        setTimeout(() => {
          this.pending.delete(room.localId);
          this.check(room);
        }, this.options.debounceMs ?? 500),
      );
    };
    room.doc.on('update', listener);
    this.watched.set(room.doc, listener);
  }
}
