import { describe, expect, it } from 'vitest';
import { parseWebArgs } from './web-args';

describe('parseWebArgs --name', () => {
  it('passes the name on, trimmed, and leaves it null when not given', () => {
    expect(parseWebArgs(['--name', '  Avery Chen '], {}).name).toBe('Avery Chen');
    expect(parseWebArgs([], {}).name).toBeNull();
  });

  it('refuses an empty or overlong name with a sentence', () => {
    expect(() => parseWebArgs(['--name', '  '], {})).toThrow(/--name " {2}" is not a name/);
    expect(() => parseWebArgs(['--name', 'x'.repeat(81)], {})).toThrow(/1–80 characters/);
  });
});
