import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KEY_PATTERN } from '../../shared/invite/invite-link';

export const WEB_USAGE = `usage: npm run web -- [--port N] [--data DIR] [--relay URL] [--team-key KEY] [--name NAME] [--no-build]
  --port N      port on 127.0.0.1 (0 picks a free one; default 4820)
  --data DIR    this person's data folder (default: $INCIDENT_ROOM_DATA or ~/.local/share/incident-room)
  --relay URL   the relay new rooms are created on (default: none, rooms are local-only)
  --team-key KEY  the relay's team key (or $INCIDENT_ROOM_TEAM_KEY, which stays out of the process
                list): lists the relay's rooms and joins them without an invite; needs --relay;
                saved in the data folder like a name set in Settings
  --name NAME   your name in rooms (saved in the data folder's profile; without it and
                without a saved name, the page asks for it first)
  --no-build    serve the renderer already built in dist/renderer`;

export interface WebArgs {
  port: number;
  dataDir: string;
  relayUrl: string | null;
  /** The relay's team key (flag or env); only ever sent to the relay. */
  teamKey: string | null;
  name: string | null;
  build: boolean;
}

function defaultDataDir(): string {
  const xdg = process.env.XDG_DATA_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.local', 'share'), 'incident-room');
}

export function parseWebArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): WebArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      relay: { type: 'string' },
      'team-key': { type: 'string' },
      name: { type: 'string' },
      'no-build': { type: 'boolean' },
    },
  });
  const portText = values.port ?? env.INCIDENT_ROOM_PORT ?? '4820';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port "${portText}" is not a port number (0–65535)`);
  }
  const relayUrl = values.relay ?? env.INCIDENT_ROOM_RELAY ?? null;
  if (relayUrl !== null && !/^(https?|wss?):\/\/[^\s]+$/.test(relayUrl)) {
    throw new Error(`--relay "${relayUrl}" is not an http(s):// or ws(s):// URL`);
  }
  const teamKey = values['team-key'] ?? env.INCIDENT_ROOM_TEAM_KEY ?? null;
  const teamKeySource = values['team-key'] !== undefined ? '--team-key' : 'INCIDENT_ROOM_TEAM_KEY';
  // The key itself is never repeated in a message: a terminal's scrollback is not a secret store.
  if (teamKey !== null && !KEY_PATTERN.test(teamKey)) {
    throw new Error(`${teamKeySource} is not a team key (8–256 letters, digits, or - _ . ~)`);
  }
  if (teamKey !== null && relayUrl === null) {
    throw new Error(`${teamKeySource} needs --relay URL: the team key belongs to one relay`);
  }
  const name = values.name?.trim() ?? null;
  if (name !== null && (name === '' || name.length > 80)) {
    throw new Error(`--name "${values.name}" is not a name (1–80 characters)`);
  }
  return {
    port,
    dataDir: values.data ?? env.INCIDENT_ROOM_DATA ?? defaultDataDir(),
    relayUrl,
    teamKey,
    name,
    build: !values['no-build'],
  };
}
