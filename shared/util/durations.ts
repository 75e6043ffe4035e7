import { isoToMs } from './time';

/**
 * Spans of time as text, in the two forms people read them: written out in documents
 * (postmortems: "2 h 05 min") and compact on a ticking clock in the UI ("2h 05m").
 */

const pad = (value: number) => String(value).padStart(2, '0');

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
  if (days > 0) return `${sign}${days} d ${hours} h ${pad(minutes)} min${seconds}`;
  if (hours > 0) return `${sign}${hours} h ${pad(minutes)} min${seconds}`;
  return `${sign}${minutes} min${seconds}`;
}

/** "1h 04m", "12m 09s", "45s": elapsed or remaining time at a glance; never negative. */
export function compactDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** Whole seconds, signed: "+42 s", "−3 s". */
export function signedSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${seconds < 0 ? '−' : '+'}${Math.abs(seconds)} s`;
}

/** Milliseconds from one stored instant to another, or null when either is missing or not a time. */
export function msBetween(fromIso: string | null, toIso: string | null): number | null {
  const from = isoToMs(fromIso);
  const to = isoToMs(toIso);
  return from === null || to === null ? null : to - from;
}
