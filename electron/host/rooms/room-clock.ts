import { type ClockEstimate, measureClockOffset } from '../clock/clock-offset';
import type { RoomStore } from '../store/room-store';

const CLOCK_SETTING = 'clock';

export interface RoomClockOptions {
  store: RoomStore;
  /** Measure against the relay when asked (false: keep 0, as tests without a relay clock want). */
  measure: boolean;
  /** This machine's wall clock; injectable so tests can play a laptop whose clock is wrong. */
  wallClock?: () => number;
  /** A new estimate was taken (the room's status shows the offset). */
  onEstimate: () => void;
  isClosed: () => boolean;
}

/**
 * A room's idea of the relay's time: this machine's clock corrected by the offset last measured
 * against the room's relay, kept in the room file so a restart offline still corrects.
 */
export class RoomClock {
  private estimate: ClockEstimate | null = null;
  private measuring = false;

  constructor(private readonly options: RoomClockOptions) {
    const saved = options.store.getSetting(CLOCK_SETTING);
    if (saved !== null) this.estimate = JSON.parse(saved) as ClockEstimate;
  }

  /** This machine's clock minus the relay's, in ms; 0 until measured. */
  get offsetMs(): number {
    return this.estimate?.offsetMs ?? 0;
  }

  /** Whether the offset was ever measured against this room's relay. */
  get hasEstimate(): boolean {
    return this.estimate !== null;
  }

  /** The relay's idea of now (ms since epoch). */
  now(): number {
    return (this.options.wallClock ?? Date.now)() - this.offsetMs;
  }

  /** Measures against the relay in the background; one measurement at a time. */
  measure(relayUrl: string): void {
    if (!this.options.measure || this.measuring) return;
    this.measuring = true;
    measureClockOffset(
      relayUrl,
      this.options.wallClock ? { wallClock: this.options.wallClock } : {},
    )
      .then((estimate) => {
        if (estimate === null || this.options.isClosed()) return;
        this.estimate = estimate;
        this.options.store.setSetting(CLOCK_SETTING, JSON.stringify(estimate));
        this.options.onEstimate();
      })
      .catch(() => {
        // Keep the previous estimate; the next time the room goes live we measure again.
      })
      .finally(() => {
        this.measuring = false;
      });
  }
}
