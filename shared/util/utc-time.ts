/**
 * The one place instants become text for people. Incident practice reads times in UTC (invariant
 * 3 in DESIGN.md): the UI, the exports and the status updates all say "14:32" for the same
 * instant, whatever the machine's zone. Local time is offered on hover only. Every function takes
 * the stored ISO-8601 form or epoch milliseconds, never guesses a zone, and shows "—" for a time
 * that is not one rather than "NaN:NaN".
 */

/** An instant as the document stores it (ISO-8601 UTC) or as epoch milliseconds. */
export type TimeInput = string | number;

/**
 * Whether a clock shows seconds: `never` (timelines at a glance, status updates), `always`
 * (an editable field), `when-not-zero` (exports: 14:32 stays 14:32, 14:32:15 keeps its 15).
 */
export type SecondsShown = 'never' | 'always' | 'when-not-zero';

/** What a formatter shows for a value that is not a time. */
export const NOT_A_TIME = '—';

const pad = (value: number) => String(value).padStart(2, '0');

function dateOf(time: TimeInput): Date | null {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date;
}

function dateText(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function clockText(date: Date, seconds: SecondsShown): string {
  const hhmm = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  const ss = date.getUTCSeconds();
  const withSeconds = seconds === 'always' || (seconds === 'when-not-zero' && ss !== 0);
  return withSeconds ? `${hhmm}:${pad(ss)}` : hhmm;
}

/** "2024-12-11" */
export function utcDate(time: TimeInput): string {
  const date = dateOf(time);
  return date === null ? NOT_A_TIME : dateText(date);
}

/** "14:32" (or "14:32:05", see SecondsShown). */
export function utcClock(time: TimeInput, seconds: SecondsShown = 'never'): string {
  const date = dateOf(time);
  return date === null ? NOT_A_TIME : clockText(date, seconds);
}

/** "2024-12-11 14:32 UTC" */
export function utcDateTime(time: TimeInput, seconds: SecondsShown = 'never'): string {
  const date = dateOf(time);
  return date === null ? NOT_A_TIME : `${dateText(date)} ${clockText(date, seconds)} UTC`;
}

/** The same instant in the machine's zone, for a hover title; empty for a value that is not a time. */
export function localDateTime(time: TimeInput): string {
  const date = dateOf(time);
  return date === null ? '' : `${date.toLocaleString()} (local)`;
}

/** Value for an `<input>` showing "YYYY-MM-DD HH:MM:SS" in UTC, which people can edit by hand. */
export function toUtcInput(ms: number): string {
  const date = dateOf(ms);
  return date === null ? '' : `${dateText(date)} ${clockText(date, 'always')}`;
}

/**
 * Reads what someone typed as a UTC time: "14:32", "14:32:05" (today, UTC) or
 * "2024-12-11 14:32[:05]". Returns epoch ms or a sentence saying what is wrong.
 */
export function parseUtcInput(text: string, todayMs: number): { ms: number } | { error: string } {
  const trimmed = text
    .trim()
    .replace(/\s*UTC$/i, '')
    .replace(/Z$/i, '');
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  const full = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  let year: number, month: number, day: number, hour: number, minute: number, second: number;
  if (clock) {
    const today = new Date(todayMs);
    [year, month, day] = [today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()];
    [hour, minute, second] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
  } else if (full) {
    [year, month, day] = [Number(full[1]), Number(full[2]), Number(full[3])];
    [hour, minute, second] = [Number(full[4]), Number(full[5]), Number(full[6] ?? 0)];
  } else {
    return { error: 'Write the time in UTC as HH:MM, HH:MM:SS or YYYY-MM-DD HH:MM.' };
  }
  if (hour > 23 || minute > 59 || second > 59 || month < 1 || month > 12 || day < 1) {
    return { error: `${text.trim()} is not a real time.` };
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return { error: `${text.trim()} is not a real date.` };
  return { ms };
}
