import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import * as Y from 'yjs';
import type { DeclareIncidentInput } from '../../shared/ops';
import { Host } from '../host/host';
import { RelayRequestError } from '../host/sync/relay-http';
import { CliError, UsageError } from './cli-error';
import { cliCommand, type Print } from './command-line';
import { declareInDataFolder } from './declare-in-data-folder';
import {
  DEFAULT_CLI_ACTOR_NAME,
  confirmDeclared,
  declareOn,
  printDeclared,
  type DeclareRequest,
} from './declare-steps';
import { listTeamRooms, relayBaseUrl } from './team-relay';

export const DECLARE_USAGE = `usage: incident-room declare --relay URL --team-key KEY --title TITLE --severity SEV1|SEV2|SEV3|SEV4
                            [--type TYPE] [--service SERVICE] [--name NAME] [--data DIR] [--json]
Creates a room on the relay and declares the incident in it, recorded by NAME (default
"incident-room CLI"), then prints the room id and its invite link (--json: id, title,
severity, invite, onRelay). With --data DIR the room is also kept in that data folder, so the app
using it lists the room, and the relay may be away: a later declare with that --data puts it
there, and a retried declare answers with the same room.`;

interface DeclareOptions {
  relay?: string;
  teamKey?: string;
  title?: string;
  severity?: string;
  type?: string;
  service?: string;
  name?: string;
  data?: string;
  json?: boolean;
}

/** `incident-room declare`: a room on the relay with the incident declared in it. */
export function declareCommand(print: Print): Command {
  return cliCommand('declare', DECLARE_USAGE)
    .option('--relay <url>')
    .option('--team-key <key>')
    .option('--title <title>')
    .option('--severity <severity>')
    .option('--type <type>')
    .option('--service <service>')
    .option('--name <name>')
    .option('--data <dir>')
    .option('--json')
    .action((options: DeclareOptions) => runDeclare(declareRequest(options), print));
}

function declareRequest(values: DeclareOptions): DeclareRequest {
  const missing = (['relay', 'teamKey', 'title', 'severity'] as const).filter(
    (name) => values[name] === undefined,
  );
  if (missing.length > 0) {
    const flags = missing.map((name) => (name === 'teamKey' ? '--team-key' : `--${name}`));
    throw new UsageError(`missing ${flags.join(', ')}`);
  }
  const incident: DeclareIncidentInput = {
    title: values.title!,
    severity: values.severity! as DeclareIncidentInput['severity'],
    ...(values.type !== undefined ? { incidentType: values.type } : {}),
    ...(values.service !== undefined ? { service: values.service } : {}),
  };
  const actorName = values.name ?? DEFAULT_CLI_ACTOR_NAME;
  // The shared operation's own checks, on a scratch document: bad input stops here, before
  // anything exists on the relay.
  declareOn(new Y.Doc(), actorName, incident);
  return {
    relayUrl: relayBaseUrl(values.relay!),
    teamKey: values.teamKey!,
    incident,
    actorName,
    dataDir: values.data ?? null,
    json: values.json ?? false,
  };
}

async function runDeclare(request: DeclareRequest, print: Print): Promise<void> {
  if (request.dataDir !== null) return declareInDataFolder(request, request.dataDir, print);
  // Checks the relay is there and takes this team key before anything is created.
  await listTeamRooms(request.relayUrl, request.teamKey);
  const dataDir = mkdtempSync(join(tmpdir(), 'incident-room-declare-'));
  const host = Host.open({ dataDir, measureClock: false, watchNetworkMs: false });
  try {
    const record = await host
      .createRoom({
        title: request.incident.title,
        relayUrl: request.relayUrl,
        // The relay takes the team key where it asks for a creation token.
        creationToken: request.teamKey,
      })
      .catch((error: unknown) => {
        throw error instanceof RelayRequestError ? new CliError(error.message) : error;
      });
    const roomId = record.relay!.roomId;
    const session = host.openRoom(record.localId);
    declareOn(session.doc, request.actorName, request.incident);
    await confirmDeclared(session, roomId, request.relayUrl);
    printDeclared(print, request, {
      roomId,
      invite: host.inviteLink(record.localId),
      onRelay: true,
    });
  } finally {
    host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
