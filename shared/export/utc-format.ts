import { isoToMs } from '../util/time';

// Incident practice reads times in UTC; every export formats them the same way.

/** "2024-12-11" */
export function utcDate(iso: string): string {
  return iso.slice(0, 10);
}

/** "14:32", or "14:32:15" when the seconds matter. */
export function utcClock(iso: string): string {
  const seconds = iso.slice(17, 19);
  return seconds === '00' || seconds === '' ? iso.slice(11, 16) : iso.slice(11, 19);
}

/** "2024-12-11 14:32 UTC" */
export function utcDateTime(iso: string): string {
  return `${utcDate(iso)} ${utcClock(iso)} UTC`;
}

/** "6 min", "42 min 30 s", "2 h 05 min", "1 d 3 h 00 min". Negative gets a "−". */
export function humanDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const totalMinutes = Math.floor(totalSeconds / 60);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  // Seconds only when there are some: metrics are read in minutes, but 42.5 is not 42.
  const seconds = totalSeconds % 60 === 0 ? '' : ` ${totalSeconds % 60} s`;
  const mm = String(minutes).padStart(2, '0');
  if (days > 0) return `${sign}${days} d ${hours} h ${mm} min${seconds}`;
  if (hours > 0) return `${sign}${hours} h ${mm} min${seconds}`;
  return `${sign}${minutes} min${seconds}`;
}

/** Whole seconds, signed: "+42 s", "−3 s". */
export function signedSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${seconds < 0 ? '−' : '+'}${Math.abs(seconds)} s`;
}

export function msBetween(fromIso: string | null, toIso: string | null): number | null {
  const from = isoToMs(fromIso);
  const to = isoToMs(toIso);
  return from === null || to === null ? null : to - from;
}
