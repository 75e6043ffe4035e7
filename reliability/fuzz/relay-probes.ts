/** What the fuzz and attack runs check on a relay after throwing bad input at it. */
import { readFileSync } from 'node:fs';
import type { SpawnedRelay } from '../../server/testing/spawn-relay';
import { connectStockClient, waitForSynced } from '../../server/testing/relay-clients';
import { roomDigest } from '../chaos/room-digest';

/** The relay process's resident memory, from /proc (Linux). */
export function relayRssBytes(relay: SpawnedRelay): number {
  const status = readFileSync(`/proc/${relay.child.pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match?.[1]) throw new Error('no VmRSS in /proc status');
  return Number(match[1]) * 1024;
}

export async function healthz(relay: SpawnedRelay): Promise<{ ok: boolean; connections: number }> {
  const response = await fetch(`${relay.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
  return (await response.json()) as { ok: boolean; connections: number };
}

/** The relay's copy of a room, read by a fresh read-only stock client. */
export async function relayRoomDigest(
  relay: SpawnedRelay,
  roomId: string,
  readKey: string,
): Promise<{ digest: string; json: unknown }> {
  const reader = connectStockClient(relay.wsRoomsUrl, roomId, readKey);
  try {
    await waitForSynced(reader.provider, 10_000);
    return {
      digest: roomDigest(reader.doc),
      json: Object.fromEntries([...reader.doc.share].map(([name, type]) => [name, type.toJSON()])),
    };
  } finally {
    reader.provider.destroy();
  }
}
