/**
 * Load generator for the capacity scenario (its own process): opens idle rooms (one client each,
 * one small timeline entry), then extra idle connections, and holds them until told to close.
 */
import { performance } from 'node:perf_hooks';
import { appendEntryRecord, benchEntryRecord } from '../lib/entries';
import { connectClient, type BenchClient } from '../lib/clients';
import { pollUntil, serveRequests, sleep } from '../lib/child';
import type { RoomTarget } from '../lib/servers';

export type CapacityLoadRequest =
  | { type: 'open-rooms'; targets: RoomTarget[] }
  | { type: 'add-connections'; targets: RoomTarget[] }
  | { type: 'close' };

export interface CapacityStepResult {
  opened: number;
  synced: number;
  ms: number;
}

const clients: BenchClient[] = [];

/** Connects in batches so the step measures holding connections, not a thundering herd. */
async function connectAll(targets: RoomTarget[], write: boolean): Promise<CapacityStepResult> {
  const start = performance.now();
  const opened: BenchClient[] = [];
  for (let i = 0; i < targets.length; i += 100) {
    const batch = targets.slice(i, i + 100).map((target) => connectClient(target));
    opened.push(...batch);
    await pollUntil(() => batch.every((c) => c.isSynced()), 30_000);
  }
  if (write) {
    opened.forEach((client, index) => {
      const now = new Date().toISOString();
      const person = { id: `cap-${index}`, name: 'Load' };
      const text = 'Paged the on-call DBA; bridge open.';
      appendEntryRecord(client.doc, benchEntryRecord(`cap-${index}`, now, person, text, 'note'));
    });
    await sleep(500);
  }
  clients.push(...opened);
  return {
    opened: opened.length,
    synced: opened.filter((c) => c.isSynced()).length,
    ms: performance.now() - start,
  };
}

async function handle(request: CapacityLoadRequest): Promise<CapacityStepResult> {
  switch (request.type) {
    case 'open-rooms':
      return connectAll(request.targets, true);
    case 'add-connections':
      return connectAll(request.targets, false);
    case 'close': {
      const count = clients.length;
      for (const client of clients.splice(0)) client.destroy();
      await sleep(200);
      return { opened: count, synced: 0, ms: 0 };
    }
  }
}

serveRequests((body) => handle(body as CapacityLoadRequest));
