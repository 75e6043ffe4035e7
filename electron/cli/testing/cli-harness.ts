import * as Y from 'yjs';
import { formatInvite } from '../../../shared/invite/invite-link';
import { Host } from '../../host/host';
import type { RelayProcess } from '../../host/testing/spawn-relay-process';
import { tempDir } from '../../host/testing/test-fixtures';
import { runCli } from '../main';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process, capturing what it prints. */
export async function runCliCaptured(args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await runCli(
    args,
    (line) => (out += `${line}\n`),
    (line) => (err += `${line}\n`),
  );
  return { code, out, err };
}

export interface RelayRoom {
  id: string;
  writeKey: string;
  readKey: string;
}

/**
 * Creates a room on a running relay and fills it with `fill` from a real host (the events API
 * only logs into declared incidents, so tests declare through the ops first), returning once the
 * relay has confirmed storing all of it.
 */
export async function createFilledRelayRoom(
  relay: RelayProcess,
  fill: (doc: Y.Doc) => void,
): Promise<RelayRoom> {
  const response = await fetch(`${relay.url}/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (response.status !== 201) {
    throw new Error(`POST /rooms: ${response.status} ${await response.text()}`);
  }
  const room = (await response.json()) as RelayRoom;
  const data = tempDir('cli-room-');
  const host = Host.open({ dataDir: data.path, measureClock: false });
  try {
    const joined = host.joinRoom(
      formatInvite({ relayUrl: relay.url, roomId: room.id, key: room.writeKey }),
    );
    const session = host.openRoom(joined.localId);
    fill(session.doc);
    await session.whenAllConfirmed(20_000);
  } finally {
    host.close();
    data.remove();
  }
  return room;
}

/** A fill that copies a whole prepared document (e.g. a seed fixture) into the room. */
export function copyOf(source: Y.Doc): (doc: Y.Doc) => void {
  const state = Y.encodeStateAsUpdate(source);
  return (doc) => Y.applyUpdate(doc, state);
}
