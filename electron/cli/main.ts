import { Command, CommanderError } from 'commander';
import { CliError, UsageError } from './cli-error';
import type { Print } from './command-line';
import { DECLARE_USAGE, declareCommand } from './declare-command';
import { EXPORT_USAGE, exportCommand } from './export-command';
import { LOG_USAGE, logCommand } from './log-command';
import { ROOMS_USAGE, roomsCommand } from './rooms-command';

const USAGE = `usage: incident-room <command> [options]

commands:
  declare  create a room on a relay and declare the incident in it
  log      log a timeline entry into a room through the relay
  rooms    list the rooms of a data folder, or of a relay (with its team key)
  export   export a room as its postmortem (md, html, pdf) or a JSON archive
  help     show this text (help <command>: that command's)

${DECLARE_USAGE}

${LOG_USAGE}

${ROOMS_USAGE}

${EXPORT_USAGE}`;

function program(print: Print): Command {
  const root = new Command('incident-room')
    .configureHelp({ formatHelp: () => `${USAGE}\n` })
    .addCommand(declareCommand(print))
    .addCommand(logCommand(print))
    .addCommand(roomsCommand(print))
    .addCommand(exportCommand(print));
  // Errors come back as exceptions (never process.exit) and are printed once, below, our way.
  for (const command of [root, ...root.commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => print(text.trimEnd()),
      writeErr: () => {},
      outputError: () => {},
    });
  }
  return root;
}

/** Runs one CLI invocation and returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(
  argv: string[],
  print: Print = (line) => console.log(line),
  printError: Print = (line) => console.error(line),
): Promise<number> {
  if (argv.length === 0) {
    print(USAGE);
    return 2;
  }
  const root = program(print);
  const name = argv[0] ?? '';
  const command = root.commands.find((candidate) => candidate.name() === name);
  try {
    await root.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    const where = command ? `incident-room ${name}` : 'incident-room';
    const usage = command ? command.helpInformation().trimEnd() : USAGE;
    if (error instanceof CommanderError) {
      // --help and `help` end here too, after printing the help.
      if (error.exitCode === 0) return 0;
      const reason =
        error.code === 'commander.unknownCommand'
          ? `unknown command "${name}"`
          : error.message.replace(/^error: /, '');
      printError(`${where}: ${reason}\n${usage}`);
      return 2;
    }
    if (error instanceof UsageError) {
      printError(`${where}: ${error.message}\n${usage}`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      printError(`${where}: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}
