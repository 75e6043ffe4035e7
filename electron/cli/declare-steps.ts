import type * as Y from 'yjs';
import { declareIncident, isOperationError, type DeclareIncidentInput } from '../../shared/ops';
import type { OperationContext } from '../../shared/ops';
import type { RoomSession } from '../host/rooms/room-session';
import { CliError } from './cli-error';
import type { Print } from './command-line';

/** The steps `incident-room declare` is made of, with or without a data folder. */

/** Who the declaration is recorded by when `--name` is not given. */
export const DEFAULT_CLI_ACTOR_NAME = 'incident-room CLI';
const CONFIRM_TIMEOUT_MS = 15_000;

export interface DeclareRequest {
  relayUrl: string;
  teamKey: string;
  incident: DeclareIncidentInput;
  actorName: string;
  dataDir: string | null;
  json: boolean;
}

const FLAG_OF_FIELD: Record<string, string> = {
  title: '--title',
  severity: '--severity',
  incidentType: '--type',
  service: '--service',
};

/** Declares on `doc`; a refusal of the operation becomes one CLI sentence naming the flag. */
export function declareOn(doc: Y.Doc, actorName: string, incident: DeclareIncidentInput): void {
  const ctx: OperationContext = {
    actor: { id: cliActorId(actorName), name: actorName },
    now: Date.now,
  };
  try {
    declareIncident(doc, ctx, incident);
  } catch (error) {
    if (!isOperationError(error)) throw error;
    const message = error.message.replace(
      /^(title|severity|incidentType|service): /,
      (_match, field: string) => `${FLAG_OF_FIELD[field]} `,
    );
    throw new CliError(message.replace(/^The acting person/, '--name: the acting person'));
  }
}

/** A stable id per CLI name, so entries by the same script read as one author. */
function cliActorId(name: string): string {
  return `cli:${name.trim().toLowerCase().replace(/\s+/g, '-').slice(0, 60)}`;
}

/** What the same declaration is: a retried `declare` has the same fingerprint. */
export function declarationFingerprint(incident: DeclareIncidentInput): string {
  return JSON.stringify([
    incident.title.trim(),
    incident.severity,
    incident.incidentType?.trim() ?? '',
    incident.service?.trim() ?? '',
  ]);
}

/** Waits until the relay has stored everything the session holds (the declaration). */
export async function confirmDeclared(
  session: RoomSession,
  roomId: string,
  relayUrl: string,
): Promise<void> {
  await session.whenAllConfirmed(CONFIRM_TIMEOUT_MS).catch(() => {
    throw new CliError(
      `room ${roomId} is on ${relayUrl}, but the relay did not confirm the declaration within ${CONFIRM_TIMEOUT_MS / 1000} s`,
    );
  });
}

export function printDeclared(
  print: Print,
  request: DeclareRequest,
  room: { roomId: string; invite: string; onRelay: boolean },
): void {
  const title = request.incident.title.trim();
  const { severity } = request.incident;
  if (request.json) {
    print(
      JSON.stringify(
        { id: room.roomId, title, severity, invite: room.invite, onRelay: room.onRelay },
        null,
        2,
      ),
    );
    return;
  }
  if (room.onRelay) {
    print(`declared ${room.roomId}: ${title} (${severity})`);
    print(`invite: ${room.invite}`);
  } else {
    print(`declared ${room.roomId} in ${request.dataDir ?? ''} only: ${title} (${severity})`);
    print(
      `the relay at ${request.relayUrl} is unreachable; run this declare again once it is back to put the room there`,
    );
    print(`invite (works once the room is on the relay): ${room.invite}`);
  }
}
