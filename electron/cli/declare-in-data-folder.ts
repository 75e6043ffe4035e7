import { randomBytes, randomUUID } from 'node:crypto';
import { formatInvite } from '../../shared/invite/invite-link';
import { readRoom } from '../../shared/read';
import { Host } from '../host/host';
import { CliError } from './cli-error';
import type { Print } from './command-line';
import {
  confirmDeclared,
  declarationFingerprint,
  declareOn,
  printDeclared,
  type DeclareRequest,
} from './declare-steps';
import {
  keptDeclarations,
  putOnRelay,
  readDeclarations,
  writeDeclarations,
  type Declaration,
} from './pending-declarations';
import { RelayUnreachableError, listTeamRooms } from './team-relay';

/** 256 random bits, base64url: the strength of the keys the relay makes itself. */
function newRoomKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * `declare --data DIR`: the room lives in that data folder (the app using it lists it) and chooses
 * its relay id and keys itself, so it can be declared with the relay away and put there by a
 * later `declare` with the same `--data`; the relay answers a repeated creation with the same
 * room. Every run first puts this folder's waiting declarations on the relay; a run that repeats
 * one of them (same title, severity, type, service) answers with that room instead of a new one.
 */
export async function declareInDataFolder(
  request: DeclareRequest,
  dataDir: string,
  print: Print,
): Promise<void> {
  const host = Host.open({ dataDir, measureClock: false, watchNetworkMs: false });
  try {
    let declarations = keptDeclarations(readDeclarations(dataDir), Date.now());
    declarations = await putWaitingOnRelay(host, request, declarations, dataDir);
    const fingerprint = declarationFingerprint(request.incident);
    const earlier = declarations.find(
      (d) => d.relayUrl === request.relayUrl && d.fingerprint === fingerprint,
    );
    if (earlier) {
      const invite = inviteOf(earlier);
      return printDeclared(print, request, {
        roomId: earlier.roomId,
        invite,
        onRelay: earlier.onRelay,
      });
    }
    const reachable = await relayIsReachable(request);
    const declaration = await newDeclaration(host, request, fingerprint);
    // Listed before the relay hears of it, so a run cut short is taken up by the next one.
    writeDeclarations(dataDir, [...declarations, declaration]);
    const onRelay = reachable && (await createOnRelay(declaration, request.teamKey)) === 'created';
    // The session opens only once the room exists on the relay (or the relay is away): a relay
    // that has no such room yet would refuse it for good.
    const session = host.openRoom(declaration.localId);
    declareOn(session.doc, request.actorName, request.incident);
    const room = { roomId: declaration.roomId, invite: inviteOf(declaration), onRelay };
    if (!onRelay) {
      session.close();
      return printDeclared(print, request, room);
    }
    await confirmDeclared(session, declaration.roomId, request.relayUrl);
    writeDeclarations(dataDir, [...declarations, { ...declaration, onRelay: true }]);
    printDeclared(print, request, room);
  } finally {
    host.close();
  }
}

/** The team key and the relay, checked before anything is made: only "away" may go on offline. */
async function relayIsReachable(request: DeclareRequest): Promise<boolean> {
  try {
    await listTeamRooms(request.relayUrl, request.teamKey);
    return true;
  } catch (error) {
    if (error instanceof RelayUnreachableError) return false;
    throw error;
  }
}

/** A room in the data folder that names its future relay room (id and keys chosen here). */
async function newDeclaration(
  host: Host,
  request: DeclareRequest,
  fingerprint: string,
): Promise<Declaration> {
  const roomId = randomUUID();
  const writeKey = newRoomKey();
  const readKey = newRoomKey();
  // Both keys are kept, so the app can create the room on the relay itself when it opens it.
  const record = await host.createRoom({
    title: request.incident.title.trim(),
    relayUrl: request.relayUrl,
    chosen: { roomId, writeKey, readKey },
  });
  return {
    localId: record.localId,
    relayUrl: request.relayUrl,
    roomId,
    writeKey,
    readKey,
    fingerprint,
    declaredAt: Date.now(),
    onRelay: false,
  };
}

/**
 * Puts this relay's waiting declarations on it, each once: the relay answers a repeated creation
 * with the same room, and the room's local copy (with its declaration) then syncs up.
 */
async function putWaitingOnRelay(
  host: Host,
  request: DeclareRequest,
  declarations: Declaration[],
  dataDir: string,
): Promise<Declaration[]> {
  const result = [...declarations];
  for (const [index, declaration] of result.entries()) {
    if (declaration.onRelay || declaration.relayUrl !== request.relayUrl) continue;
    const put = await createOnRelay(declaration, request.teamKey);
    if (put === 'unreachable') break;
    const session = host.openRoom(declaration.localId);
    await confirmDeclared(session, declaration.roomId, request.relayUrl);
    if (!readRoom(session.doc).declared) {
      // An earlier run stopped between making the room and declaring in it.
      throw new CliError(`room ${declaration.roomId} in ${dataDir} holds no declaration`);
    }
    session.close();
    result[index] = { ...declaration, onRelay: true };
    writeDeclarations(dataDir, result);
  }
  return result;
}

/** `putOnRelay`, with a refusal as one CLI sentence. */
function createOnRelay(declaration: Declaration, teamKey: string) {
  return putOnRelay(declaration, teamKey).catch((error: unknown) => {
    throw new CliError(error instanceof Error ? error.message : String(error));
  });
}

function inviteOf(declaration: Declaration): string {
  return formatInvite({
    relayUrl: declaration.relayUrl,
    roomId: declaration.roomId,
    key: declaration.writeKey,
  });
}
