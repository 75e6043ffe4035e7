import { describe, expect, it } from 'vitest';
import { duration, parseUtcInput, toUtcInput, utcClock } from './format-time';

const today = Date.UTC(2024, 11, 11, 15, 0, 0);

describe('UTC time input', () => {
  it('reads a bare clock as today in UTC, whatever the machine zone', () => {
    expect(parseUtcInput('14:32', today)).toEqual({ ms: Date.UTC(2024, 11, 11, 14, 32, 0) });
    expect(parseUtcInput('14:32:05 UTC', today)).toEqual({ ms: Date.UTC(2024, 11, 11, 14, 32, 5) });
  });

  it('reads a full date and round-trips what it shows', () => {
    const ms = Date.UTC(2024, 11, 11, 9, 5, 7);
    expect(parseUtcInput(toUtcInput(ms), today)).toEqual({ ms });
  });

  it('refuses impossible times with a sentence', () => {
    for (const bad of ['25:00', '14:61', '2024-02-30 10:00', 'yesterday', '']) {
      expect(parseUtcInput(bad, today)).toHaveProperty('error');
    }
  });

  it('formats clocks and durations for people', () => {
    expect(utcClock('2024-12-11T14:32:59.000Z')).toBe('14:32');
    expect(duration(27 * 60_000)).toBe('27m 00s');
    expect(duration(64 * 60_000)).toBe('1h 04m');
    expect(duration(-5)).toBe('0s');
  });
});
