import { describe, expect, it } from 'vitest';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { attachDashedValues } from './attach-dashed-values';

function parseCommandArgs(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  allowPositionals = false,
) {
  return parseArgs({ args: attachDashedValues(args, options), options, allowPositionals });
}

const options = {
  key: { type: 'string' },
  room: { type: 'string' },
  force: { type: 'boolean' },
} as const;

describe('attachDashedValues, then parseArgs', () => {
  it('accepts a key that begins with one or two dashes', () => {
    expect(parseCommandArgs(['--key', '-nK-gh5', '--room', 'r1'], options).values).toEqual({
      key: '-nK-gh5',
      room: 'r1',
    });
    expect(parseCommandArgs(['--key', '--x9', '--force'], options).values).toEqual({
      key: '--x9',
      force: true,
    });
  });

  it('still refuses a flag whose value was forgotten instead of swallowing the next flag', () => {
    expect(() => parseCommandArgs(['--key', '--room', 'r1'], options)).toThrow(/ambiguous/);
    expect(() => parseCommandArgs(['--key'], options)).toThrow(/argument missing/);
  });

  it('keeps positionals and --name=value forms as they were', () => {
    const parsed = parseCommandArgs(
      ['--key=-a', 'some', 'text'],
      { key: { type: 'string' } },
      true,
    );
    expect(parsed.values).toEqual({ key: '-a' });
    expect(parsed.positionals).toEqual(['some', 'text']);
    // A dash-led word that follows no flag is still an unknown option, as before.
    expect(() => parseCommandArgs(['--key=-a', '-x'], { key: { type: 'string' } }, true)).toThrow(
      /Unknown option/,
    );
  });
});
