import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { attachDashedValues } from './attach-dashed-values';
import { Host } from '../host/host';
import { CliError, UsageError } from './cli-error';

export const ROOMS_USAGE = `usage: incident-room rooms --data DIR [--json]
Lists the rooms stored in a data folder (the one web mode or the desktop app uses).`;

export function runRooms(args: string[], print: (line: string) => void): Promise<void> {
  let values;
  try {
    const options = { data: { type: 'string' }, json: { type: 'boolean' } } as const;
    ({ values } = parseArgs({ args: attachDashedValues(args, options), options }));
  } catch (error) {
    throw new UsageError(
      `${error instanceof Error ? error.message : String(error)}\n${ROOMS_USAGE}`,
    );
  }
  if (!values.data) throw new UsageError(`missing --data\n${ROOMS_USAGE}`);
  // Reading must not create a data folder where there was none (a typo would look like "no rooms").
  if (!existsSync(values.data)) throw new CliError(`no data folder at ${values.data}`);
  const host = Host.open({ dataDir: values.data, measureClock: false });
  try {
    const rooms = host.listRooms().map((room) => ({
      id: room.localId,
      title: room.title,
      relay: room.relay?.url ?? null,
      relayRoomId: room.relay?.roomId ?? null,
      createdAt: new Date(room.createdAt).toISOString(),
    }));
    if (values.json) {
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
  return Promise.resolve();
}
