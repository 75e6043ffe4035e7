import { describe, expect, it } from 'vitest';
import { humanDuration, signedSeconds, utcClock, utcDateTime } from './utc-format';

describe('utc formatting', () => {
  it.each([
    [6 * 60_000, '6 min'],
    [42.5 * 60_000, '42 min 30 s'],
    [70 * 60_000, '1 h 10 min'],
    [(26 * 60 + 5) * 60_000, '1 d 2 h 05 min'],
    [-7 * 60_000, '−7 min'],
    [0, '0 min'],
  ])('humanDuration(%i) is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('shows seconds only when they are not zero, always in UTC', () => {
    expect(utcClock('2024-12-11T14:32:00.000Z')).toBe('14:32');
    expect(utcClock('2024-12-11T14:32:15.000Z')).toBe('14:32:15');
    expect(utcDateTime('2024-12-11T23:59:00.000Z')).toBe('2024-12-11 23:59 UTC');
    expect(signedSeconds(42_400)).toBe('+42 s');
  });
});
