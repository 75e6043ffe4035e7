import { describe, expect, it } from 'vitest';
import {
  localDateTime,
  NOT_A_TIME,
  parseUtcInput,
  toUtcInput,
  utcClock,
  utcDate,
  utcDateTime,
} from './utc-time';

const today = Date.UTC(2024, 11, 11, 15, 0, 0);

describe('UTC clocks and dates', () => {
  it('shows the same UTC text for the stored ISO form, epoch ms and an offset time', () => {
    const ms = Date.UTC(2024, 11, 11, 14, 32, 59);
    for (const time of ['2024-12-11T14:32:59.000Z', ms, '2024-12-11T16:32:59+02:00']) {
      expect(utcClock(time)).toBe('14:32');
      expect(utcDate(time)).toBe('2024-12-11');
      expect(utcDateTime(time)).toBe('2024-12-11 14:32 UTC');
    }
  });

  it('shows seconds never, always, or only when they are not zero', () => {
    expect(utcClock('2024-12-11T14:32:05.000Z', 'always')).toBe('14:32:05');
    expect(utcClock('2024-12-11T14:32:00.000Z', 'always')).toBe('14:32:00');
    expect(utcClock('2024-12-11T14:32:00.000Z', 'when-not-zero')).toBe('14:32');
    expect(utcClock('2024-12-11T14:32:15.000Z', 'when-not-zero')).toBe('14:32:15');
    expect(utcDateTime('2024-12-11T23:59:00.000Z', 'when-not-zero')).toBe('2024-12-11 23:59 UTC');
    expect(utcDateTime('2024-12-11T23:59:07.000Z', 'when-not-zero')).toBe(
      '2024-12-11 23:59:07 UTC',
    );
  });

  it('crosses midnight on the UTC date, not the local one', () => {
    expect(utcDate('2024-12-11T23:30:00-02:00')).toBe('2024-12-12');
    expect(utcClock('2024-12-11T23:30:00-02:00')).toBe('01:30');
  });

  it('shows a dash, not NaN, for a value that is not a time', () => {
    for (const bad of ['soon', '', Number.NaN]) {
      expect(utcClock(bad)).toBe(NOT_A_TIME);
      expect(utcDate(bad)).toBe(NOT_A_TIME);
      expect(utcDateTime(bad)).toBe(NOT_A_TIME);
      expect(localDateTime(bad)).toBe('');
    }
  });
});

describe('UTC time input', () => {
  it('reads a bare clock as today in UTC, whatever the machine zone', () => {
    expect(parseUtcInput('14:32', today)).toEqual({ ms: Date.UTC(2024, 11, 11, 14, 32, 0) });
    expect(parseUtcInput('14:32:05 UTC', today)).toEqual({ ms: Date.UTC(2024, 11, 11, 14, 32, 5) });
  });

  it('reads a full date and round-trips what it shows', () => {
    const ms = Date.UTC(2024, 11, 11, 9, 5, 7);
    expect(toUtcInput(ms)).toBe('2024-12-11 09:05:07');
    expect(parseUtcInput(toUtcInput(ms), today)).toEqual({ ms });
  });

  it('refuses impossible times with a sentence', () => {
    for (const bad of ['25:00', '14:61', '2024-02-30 10:00', 'yesterday', '']) {
      expect(parseUtcInput(bad, today)).toHaveProperty('error');
    }
  });
});
