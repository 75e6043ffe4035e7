import { describe, expect, it } from 'vitest';
import { isoToMs, parseInstant, toIso } from './time';

describe('parseInstant', () => {
  it('accepts ISO-8601 with Z or an offset, and epoch ms', () => {
    expect(parseInstant('2024-12-11T14:32:00Z')).toEqual({ ms: Date.UTC(2024, 11, 11, 14, 32) });
    expect(parseInstant('2024-12-11T16:32+02:00')).toEqual({ ms: Date.UTC(2024, 11, 11, 14, 32) });
    expect(parseInstant('2024-12-11T14:32:00.123456Z')).toEqual({
      ms: Date.UTC(2024, 11, 11, 14, 32, 0, 123),
    });
    expect(parseInstant(Date.UTC(2024, 11, 11))).toEqual({ ms: Date.UTC(2024, 11, 11) });
  });

  it('refuses local times, nonsense, seconds-for-ms and non-finite numbers', () => {
    for (const bad of [
      '2024-12-11T14:32:00',
      '2024-12-11',
      '14:32',
      'tomorrow',
      '2024-02-30T25:00:00Z',
      '',
    ]) {
      expect(parseInstant(bad), bad).toHaveProperty('error');
    }
    for (const bad of [1_733_927_520, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseInstant(bad), String(bad)).toHaveProperty('error');
    }
  });

  it('round-trips through the stored form', () => {
    const iso = toIso(Date.UTC(2024, 11, 11, 14, 32));
    expect(iso).toBe('2024-12-11T14:32:00.000Z');
    expect(isoToMs(iso)).toBe(Date.UTC(2024, 11, 11, 14, 32));
    expect(isoToMs(42)).toBeNull();
  });
});
