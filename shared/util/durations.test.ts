import { describe, expect, it } from 'vitest';
import { compactDuration, humanDuration, msBetween, signedSeconds } from './durations';

describe('durations', () => {
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

  it('writes a compact duration for clocks, never negative', () => {
    expect(compactDuration(27 * 60_000)).toBe('27m 00s');
    expect(compactDuration(64 * 60_000)).toBe('1h 04m');
    expect(compactDuration(45_000)).toBe('45s');
    expect(compactDuration(-5)).toBe('0s');
  });

  it('signs seconds and measures between stored instants', () => {
    expect(signedSeconds(42_400)).toBe('+42 s');
    expect(signedSeconds(-3_000)).toBe('−3 s');
    expect(msBetween('2024-12-11T14:00:00.000Z', '2024-12-11T14:06:00.000Z')).toBe(360_000);
    expect(msBetween(null, '2024-12-11T14:06:00.000Z')).toBeNull();
    expect(msBetween('not a time', '2024-12-11T14:06:00.000Z')).toBeNull();
  });
});
