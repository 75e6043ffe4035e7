/**
 * Instants are stored as ISO-8601 UTC strings with millisecond precision ("2024-12-11T14:32:00.000Z").
 * Inputs may be epoch milliseconds or ISO-8601 strings that name their zone: a string without a
 * zone would be read in the parsing machine's local time, which is how a timeline gets scrambled.
 */
export type InstantInput = string | number;

const ISO_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Before this nothing in an incident room can have happened; catches seconds-vs-ms mix-ups. */
export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
/** Far enough to be a typo, not a timestamp. */
export const LATEST_PLAUSIBLE_MS = Date.UTC(2200, 0, 1);

/** Parses an instant, or returns a sentence saying why it is not one. */
export function parseInstant(input: InstantInput): { ms: number } | { error: string } {
  let ms: number;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { error: 'is not a finite number of milliseconds' };
    ms = Math.trunc(input);
  } else {
    if (!ISO_WITH_ZONE.test(input)) {
      return {
        error: `"${input.slice(0, 40)}" is not an ISO-8601 time with a zone (e.g. 2024-12-11T14:32:00Z)`,
      };
    }
    ms = Date.parse(input);
    if (Number.isNaN(ms)) return { error: `"${input.slice(0, 40)}" is not a valid date` };
  }
  if (ms < EARLIEST_PLAUSIBLE_MS || ms >= LATEST_PLAUSIBLE_MS) {
    return { error: 'is outside the years 2000–2199' };
  }
  return { ms };
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds of an ISO string already in the document, or null when it is not a valid time. */
export function isoToMs(iso: unknown): number | null {
  if (typeof iso !== 'string') return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export const MINUTE_MS = 60_000;
