import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Host } from '../host/host';
import { CliError, UsageError } from './cli-error';
import { cliCommand, type Print } from './command-line';

export const ROOMS_USAGE = `usage: incident-room rooms --data DIR [--json]
Lists the rooms stored in a data folder (the one web mode or the desktop app uses).`;

interface RoomsOptions {
  data?: string;
  json?: boolean;
}

/** `incident-room rooms`: lists a data folder's rooms. */
export function roomsCommand(print: Print): Command {
  return cliCommand('rooms', ROOMS_USAGE)
    .option('--data <dir>')
    .option('--json')
    .action((options: RoomsOptions) => listRooms(options, print));
}

function listRooms(options: RoomsOptions, print: Print): void {
  if (!options.data) throw new UsageError('missing --data');
  // Reading must not create a data folder where there was none (a typo would look like "no rooms").
  if (!existsSync(options.data)) throw new CliError(`no data folder at ${options.data}`);
  const host = Host.open({ dataDir: options.data, measureClock: false });
  try {
    const rooms = host.listRooms().map((room) => ({
      id: room.localId,
      title: room.title,
      relay: room.relay?.url ?? null,
      relayRoomId: room.relay?.roomId ?? null,
      createdAt: new Date(room.createdAt).toISOString(),
    }));
    if (options.json) {
      print(JSON.stringify(rooms, null, 2));
    } else if (rooms.length === 0) {
      print('no rooms');
    } else {
      for (const room of rooms) {
        print(
          `${room.id}  ${room.createdAt}  ${room.relay ? `${room.relay} ${room.relayRoomId}` : 'local-only'}  ${room.title}`,
        );
      }
    }
  } finally {
    host.close();
  }
}
