/**
 * Scenario 5, offline merge: 1,000 entries recorded offline by one person, then the network
 * comes back; time until the other person's replica shows them all. Our two hosts through our
 * relay, against two stock clients through our relay, the reference server and Hocuspocus.
 */
import { startLoadProcess } from '../lib/child';
import { removeRelayData, startOurRelay, startServer } from '../lib/servers';
import type { OfflineLoadRequest, OfflineLoadResult } from './offline-load';
import { rotated } from './fanout';

export interface OfflineConfig {
  entries: number;
  rounds: number;
}

const SETUPS = [
  'host → our relay → host',
  'stock client → our relay',
  'stock client → reference',
  'hocuspocus provider → hocuspocus',
] as const;
type Setup = (typeof SETUPS)[number];

export interface OfflineRun extends OfflineLoadResult {
  setup: Setup;
  round: number;
  entries: number;
}

async function runOne(setup: Setup, round: number, entries: number): Promise<OfflineLoadResult> {
  const load = startLoadProcess(new URL('./offline-load.ts', import.meta.url));
  try {
    if (setup === 'host → our relay → host') {
      const relay = await startOurRelay();
      try {
        return await load.request<OfflineLoadResult>(
          {
            type: 'hosts',
            relayUrl: relay.url,
            relayPort: relay.port,
            entries,
          } satisfies OfflineLoadRequest,
          300_000,
        );
      } finally {
        await relay.stop();
        removeRelayData(relay);
      }
    }
    const kind =
      setup === 'stock client → our relay'
        ? 'ours'
        : setup === 'stock client → reference'
          ? 'reference'
          : 'hocuspocus';
    const server = await startServer(kind);
    try {
      const target = await server.room(`offline-${round}`);
      return await load.request<OfflineLoadResult>(
        { type: 'clients', target, entries } satisfies OfflineLoadRequest,
        300_000,
      );
    } finally {
      await server.stop();
    }
  } finally {
    await load.stop();
  }
}

export async function runOfflineMerge(
  config: OfflineConfig,
  log: (line: string) => void,
): Promise<OfflineRun[]> {
  const runs: OfflineRun[] = [];
  for (let round = 0; round < config.rounds; round += 1) {
    for (const setup of rotated(SETUPS, round)) {
      const result = await runOne(setup, round, config.entries);
      runs.push({ ...result, setup, round, entries: config.entries });
      log(
        `offline ${setup} round ${round}: ${result.reconnectToAllShownMs.toFixed(0)} ms to show ${config.entries} entries` +
          (result.complete ? '' : ' (INCOMPLETE)'),
      );
    }
  }
  return runs;
}
