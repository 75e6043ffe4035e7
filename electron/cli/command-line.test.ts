import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-error';
import { cliCommand } from './command-line';
import { runCliCaptured } from './testing/cli-harness';

/** Parses `args` with a command shaped like the CLI's, returning what its action saw. */
async function parse(
  args: string[],
): Promise<{ options: Record<string, unknown>; words: string[] }> {
  let seen: { options: Record<string, unknown>; words: string[] } | null = null;
  const command = cliCommand('try', 'usage: try')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} })
    .option('--key <key>')
    .option('--room <id>')
    .option('--force')
    .argument('[words...]')
    .action((words: string[], options: Record<string, unknown>) => {
      seen = { options, words };
    });
  await command.parseAsync(args, { from: 'user' });
  if (seen === null) throw new Error('the action did not run');
  return seen;
}

describe('CLI option parsing', () => {
  it('accepts a key that begins with one or two dashes (one random key in 64 does)', async () => {
    expect((await parse(['--key', '-nK-gh5', '--room', 'r1'])).options).toEqual({
      key: '-nK-gh5',
      room: 'r1',
    });
    expect((await parse(['--key', '--x9', '--force'])).options).toEqual({
      key: '--x9',
      force: true,
    });
    expect((await parse(['--key=-a', 'some', 'text'])).options).toEqual({ key: '-a' });
  });

  it('still refuses a flag whose value was forgotten instead of swallowing the next flag', async () => {
    await expect(parse(['--key', '--room', 'r1'])).rejects.toThrow(UsageError);
    await expect(parse(['--key', '--room', 'r1'])).rejects.toThrow(
      /'--key <key>' argument missing \(found --room instead\)/,
    );
    await expect(parse(['--room', 'r1', '--key', '--force'])).rejects.toThrow(UsageError);
    await expect(parse(['--key'])).rejects.toThrow(/argument missing/);
  });

  it('keeps positionals, and refuses a dash-led word that follows no flag', async () => {
    expect((await parse(['--key', 'k', 'some', 'text'])).words).toEqual(['some', 'text']);
    expect((await parse(['--key', 'k', '--', '-not-a-flag'])).words).toEqual(['-not-a-flag']);
    await expect(parse(['--key', 'k', '-x'])).rejects.toThrow(CommanderError);
  });
});

describe('runCli usage errors (no network, no files)', () => {
  it('answers a forgotten key value with exit 2 and the command’s usage', async () => {
    const result = await runCliCaptured(['log', '--relay', 'u', '--key', '--room', 'r', 'x']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^incident-room log: option '--key <key>' argument missing/);
    expect(result.err).toContain('usage: incident-room log --relay URL');
  });

  it('lists every missing flag at once, and refuses unknown options and stray arguments', async () => {
    const missing = await runCliCaptured(['log', 'text']);
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toMatch(/missing --relay, --room, --key/);
    const unknown = await runCliCaptured(['export', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown option '--frobnicate'/);
    const stray = await runCliCaptured(['rooms', '--data', 'x', 'extra']);
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(/too many arguments/);
  });

  it('shows help with exit 0, and the overview without a command with exit 2', async () => {
    for (const args of [['help'], ['--help'], ['-h']]) {
      const result = await runCliCaptured(args);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^usage: incident-room <command>/);
    }
    for (const args of [
      ['log', '--help'],
      ['help', 'log'],
    ]) {
      const result = await runCliCaptured(args);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^usage: incident-room log --relay URL/);
    }
    const bare = await runCliCaptured([]);
    expect(bare.code).toBe(2);
    expect(bare.out).toMatch(/^usage: incident-room <command>/);
  });
});
