import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createRelayRoom, RelayRequestError } from '../host/sync/relay-http';

/**
 * The declarations `incident-room declare --data DIR` made in that data folder, in
 * `<DIR>/cli-declarations.json` (owner-only: it holds the rooms' keys, as host.sqlite does). A
 * room declared while its relay was away chose its relay id and keys itself and waits here until
 * a later `declare` puts it on the relay; one made in the last hour answers a retry of the same
 * declaration, so a retried `declare` never makes a second room.
 */
export const DECLARATIONS_FILE = 'cli-declarations.json';
/** How long a declaration that reached its relay still answers a retry of itself. */
export const RETRY_WINDOW_MS = 60 * 60 * 1000;

const declarationSchema = z.object({
  localId: z.string(),
  relayUrl: z.string(),
  roomId: z.string(),
  writeKey: z.string(),
  readKey: z.string(),
  /** What was declared: a retry is the same title, severity, type and service. */
  fingerprint: z.string(),
  declaredAt: z.number(),
  onRelay: z.boolean(),
});
export type Declaration = z.infer<typeof declarationSchema>;
const fileSchema = z.array(declarationSchema);

export function declarationsPath(dataDir: string): string {
  return join(dataDir, DECLARATIONS_FILE);
}

export function readDeclarations(dataDir: string): Declaration[] {
  const path = declarationsPath(dataDir);
  if (!existsSync(path)) return [];
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a list of declarations`);
  return parsed.data;
}

/** Written next to the file and renamed over it: a crash leaves the old list or the new one. */
export function writeDeclarations(dataDir: string, declarations: readonly Declaration[]): void {
  const path = declarationsPath(dataDir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(declarations, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** The declarations still worth keeping: waiting for their relay, or young enough to answer a retry. */
export function keptDeclarations(declarations: readonly Declaration[], now: number): Declaration[] {
  return declarations.filter((d) => !d.onRelay || now - d.declaredAt < RETRY_WINDOW_MS);
}

export type PutOnRelayResult = 'created' | 'unreachable';

/**
 * `POST /rooms` with the id and keys the declaration chose: `201` the first time, `200` when an
 * earlier attempt got there but its answer was lost. Either way the room is the declaration's.
 */
export async function putOnRelay(
  declaration: Declaration,
  teamKey: string,
): Promise<PutOnRelayResult> {
  try {
    await createRelayRoom(declaration.relayUrl, {
      roomId: declaration.roomId,
      keys: { writeKey: declaration.writeKey, readKey: declaration.readKey },
      creationToken: teamKey,
    });
    return 'created';
  } catch (error) {
    if (error instanceof RelayRequestError && error.status === null) return 'unreachable';
    throw error;
  }
}
