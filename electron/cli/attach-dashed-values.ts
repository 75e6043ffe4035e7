import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Room keys are base64url, so one in 64 begins with "-". Node's parseArgs refuses
 * `--key -abc` as ambiguous (it cannot tell a value from a forgotten argument), which made the CLI
 * reject valid keys at random. Before parsing, a string option's next argument is glued on as
 * `--key=-abc` unless it is itself one of this command's flags, so `--key --room x` is still
 * reported as a missing value rather than swallowing `--room`.
 */
export function attachDashedValues(args: readonly string[], options: Options): string[] {
  const isOwnFlag = (arg: string): boolean => {
    if (!arg.startsWith('--')) return false;
    const name = arg.slice(2).split('=')[0]!;
    return Object.hasOwn(options, name);
  };
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    const takesValue = name !== null && options[name]?.type === 'string';
    if (takesValue && next !== undefined && next.startsWith('-') && !isOwnFlag(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}
