import type { TeamRoomsView } from '../../../shared/channel/host-api';
import { announcedIds, newAlertRooms } from '../../../shared/channel/team-room-news';
import type { TeamRoomListing } from '../../../shared/protocol/relay-http';
import { fetchTeamRooms, TeamListError } from './fetch-team-rooms';
import type { TeamSettingsStore } from './team-settings-store';

/**
 * How often the host asks the relay for the team rooms while a window is open. A room an alert
 * opens must be in every list within 2 s: the relay's list trails its rooms by up to 200 ms, so
 * polling every 2 s could miss that by the fetch's own time.
 */
export const TEAM_ROOMS_POLL_MS = 1_000;

/**
 * How often it asks once every window is closed. The desktop app keeps running without a window
 * on macOS, and a room an alert opens must still reach its person as a native notification; a
 * slower poll keeps that promise at a fifteenth of the requests.
 */
export const TEAM_ROOMS_IDLE_POLL_MS = 15_000;

export interface TeamRoomFeedOptions {
  settings: TeamSettingsStore;
  /** The local id of the room when this machine already has it. */
  joinedRoomId: (relayUrl: string, roomId: string) => string | null;
  /** The list, its error or the settings changed. */
  onChanged: () => void;
  /** Rooms an alert opened since the previous answer (none on the first: that is the baseline). */
  onNewAlertRooms?: (rooms: TeamRoomListing[]) => void;
  pollMs?: number;
  idlePollMs?: number;
  fetchRooms?: typeof fetchTeamRooms;
}

/**
 * The relay's team room list as this host last fetched it, polled every second while `setActive(true)`
 * (a window is open) and every 15 s once it was active and no window is left, fetched at once on
 * demand. A failed fetch keeps the last good list and
 * says why in one sentence; it never touches the rooms on this machine.
 */
export class TeamRoomFeed {
  private rooms: TeamRoomListing[] = [];
  private error: string | null = null;
  private fetchedAt: number | null = null;
  /** Room ids of the previous answer; null until the first (nothing is news on start). */
  private announced: Set<string> | null = null;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private active = false;
  private closed = false;
  /** Bumped when the settings change: a fetch started with old settings must not land. */
  private generation = 0;

  constructor(private readonly options: TeamRoomFeedOptions) {}

  view(): TeamRoomsView {
    const config = this.options.settings.get();
    if (config === null) {
      return { configured: false, relayUrl: null, rooms: [], error: null, fetchedAt: null };
    }
    return {
      configured: true,
      relayUrl: config.relayUrl,
      rooms: this.rooms.map((room) => ({
        ...room,
        joinedRoomId: this.options.joinedRoomId(config.relayUrl, room.id),
      })),
      error: this.error,
      fetchedAt: this.fetchedAt === null ? null : new Date(this.fetchedAt).toISOString(),
    };
  }

  /** Asks the relay now (or joins the request already on its way). */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetchOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Polls every second while true, at once when it turns true; slowly when it turns false. */
  setActive(active: boolean): void {
    if (this.closed || active === this.active) return;
    this.active = active;
    this.pollSoon(active ? 0 : this.nextPollMs());
  }

  /** The settings changed: forget the old relay's list and fetch the new one. */
  settingsChanged(): void {
    this.generation += 1;
    this.rooms = [];
    this.error = null;
    this.fetchedAt = null;
    this.announced = null;
    this.options.onChanged();
    if (this.options.settings.get() !== null) void this.refresh();
  }

  close(): void {
    this.closed = true;
    this.stopTimer();
  }

  private pollSoon(delayMs: number): void {
    this.stopTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh().finally(() => {
        if (!this.closed) this.pollSoon(this.nextPollMs());
      });
    }, delayMs);
    // A poll alone must not keep the process (a test, a quitting app) alive.
    this.timer.unref();
  }

  private nextPollMs(): number {
    return this.active
      ? (this.options.pollMs ?? TEAM_ROOMS_POLL_MS)
      : (this.options.idlePollMs ?? TEAM_ROOMS_IDLE_POLL_MS);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async fetchOnce(): Promise<void> {
    const config = this.options.settings.get();
    if (config === null || this.closed) return;
    const generation = this.generation;
    const fetchRooms = this.options.fetchRooms ?? fetchTeamRooms;
    let rooms: TeamRoomListing[] | null = null;
    let error: string | null = null;
    try {
      rooms = await fetchRooms(config.relayUrl, config.key);
    } catch (failure) {
      error =
        failure instanceof TeamListError
          ? failure.message
          : `The team room list failed: ${failure instanceof Error ? failure.message : String(failure)}`;
    }
    if (generation !== this.generation || this.closed) return;
    const before = JSON.stringify([this.rooms, this.error]);
    // The first answer is news even when the list is empty: windows stop saying "Loading".
    const firstAnswer = rooms !== null && this.fetchedAt === null;
    if (rooms !== null) {
      this.rooms = rooms;
      this.fetchedAt = Date.now();
      const fresh = this.announced === null ? [] : newAlertRooms(this.announced, rooms);
      this.announced = announcedIds(rooms);
      if (fresh.length > 0) this.options.onNewAlertRooms?.(fresh);
    }
    this.error = error;
    if (firstAnswer || JSON.stringify([this.rooms, this.error]) !== before) {
      this.options.onChanged();
    }
  }
}
