import { Command } from 'commander';
import { UsageError } from './cli-error';

/**
 * Every `incident-room` command is parsed by commander. Its options declared `--key <key>` take
 * the next argument as their value even when it begins with a dash, which room keys do (they are
 * random base64url: one in 64 starts with "-"); node's parseArgs refused those as ambiguous.
 */

/** Where a command writes its result, one line at a time (stdout, or a test's buffer). */
export type Print = (line: string) => void;

/** A command whose help is `usage`, written by hand so it reads like the rest of docs/CLI.md. */
export function cliCommand(name: string, usage: string): Command {
  return new Command(name)
    .configureHelp({ formatHelp: () => `${usage}\n` })
    .allowExcessArguments(false)
    .hook('preAction', (command) => refuseSwallowedFlags(command));
}

/**
 * Taking the next argument as the value has one cost: in `--key --room x` a forgotten key would
 * swallow `--room`. A value that is exactly one of the command's own flags is that mistake (a
 * random key never is one: they are 22+ characters without "="), so it is refused as usage.
 */
export function refuseSwallowedFlags(command: Command): void {
  const flags = new Set<string>(['--help', '-h']);
  for (const option of command.options) {
    if (option.long) flags.add(option.long);
    if (option.short) flags.add(option.short);
  }
  for (const option of command.options) {
    const value: unknown = command.getOptionValue(option.attributeName());
    if (typeof value !== 'string') continue;
    const flag = value.split('=')[0] ?? '';
    if (flags.has(flag)) {
      throw new UsageError(`option '${option.flags}' argument missing (found ${flag} instead)`);
    }
  }
}
