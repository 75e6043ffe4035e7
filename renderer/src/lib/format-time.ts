/**
 * Incident practice reads times in UTC; local time is offered on hover only. Every formatter here
 * takes ISO-8601 or epoch ms and never guesses a zone.
 */
const pad = (value: number) => String(value).padStart(2, '0');

export function utcClock(iso: string | number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

export function utcClockSeconds(iso: string | number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${utcClock(iso)}:${pad(date.getUTCSeconds())}`;
}

export function utcDateTime(iso: string | number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${utcClock(iso)} UTC`;
}

export function localDateTime(iso: string | number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.toLocaleString()} (local)`;
}

/** "1h 04m", "12m 09s", "45s": elapsed or remaining time at a glance. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** Value for an `<input>` showing "YYYY-MM-DD HH:MM:SS" in UTC, which people can edit by hand. */
export function toUtcInput(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
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
