import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Host } from '../host/host';
import { CliError, UsageError } from './cli-error';
import { cliCommand, type Print } from './command-line';
import { listTeamRooms, relayBaseUrl } from './team-relay';

export const ROOMS_USAGE = `usage: incident-room rooms (--data DIR | --relay URL --team-key KEY) [--json]
Lists the rooms stored in a data folder (the one web mode or the desktop app uses), or every room
on a relay started with --team-key: open ones first, then the most recently active.`;

interface RoomsOptions {
  data?: string;
  relay?: string;
  teamKey?: string;
  json?: boolean;
}

/** `incident-room rooms`: lists a data folder's rooms, or a team relay's. */
export function roomsCommand(print: Print): Command {
  return cliCommand('rooms', ROOMS_USAGE)
    .option('--data <dir>')
    .option('--relay <url>')
    .option('--team-key <key>')
    .option('--json')
    .action(async (options: RoomsOptions) => {
      if (options.relay !== undefined || options.teamKey !== undefined) {
        await listRelayRooms(options, print);
      } else {
        listRooms(options, print);
      }
    });
}

async function listRelayRooms(options: RoomsOptions, print: Print): Promise<void> {
  if (options.data) throw new UsageError('give --data or --relay, not both');
  if (!options.relay) throw new UsageError('--team-key needs --relay URL');
  if (!options.teamKey)
    throw new UsageError('--relay needs --team-key (the relay lists its rooms to its team)');
  const rooms = await listTeamRooms(relayBaseUrl(options.relay), options.teamKey);
  if (options.json) {
    print(JSON.stringify(rooms, null, 2));
  } else if (rooms.length === 0) {
    print('no rooms');
  } else {
    for (const room of rooms) {
      const severity = room.severity ?? '-';
      print(
        `${room.id}  ${room.state}  ${severity}  ${room.source}  ${room.title ?? '(not declared yet)'}`,
      );
    }
  }
}

function listRooms(options: RoomsOptions, print: Print): void {
  if (!options.data) throw new UsageError('say where: --data DIR, or --relay URL --team-key KEY');
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
