import { CliError } from './cli-error';
import { EXPORT_USAGE, runExport } from './export-command';
import { LOG_USAGE, runLog } from './log-command';
import { ROOMS_USAGE, runRooms } from './rooms-command';

const USAGE = `usage: incident-room <command> [options]

commands:
  log      log a timeline entry into a room through the relay
  rooms    list the rooms stored in a data folder
  export   export a room as its postmortem (md, html, pdf) or a JSON archive
  help     show this text

${LOG_USAGE}

${ROOMS_USAGE}

${EXPORT_USAGE}`;

type Command = (args: string[], print: (line: string) => void) => Promise<void>;

const commands: Record<string, Command> = {
  log: runLog,
  rooms: runRooms,
  export: runExport,
};

/** Runs one CLI invocation and returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(
  argv: string[],
  print: (line: string) => void = (line) => console.log(line),
  printError: (line: string) => void = (line) => console.error(line),
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    print(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    printError(`incident-room: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  try {
    await command(args, print);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      printError(`incident-room ${name}: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}
