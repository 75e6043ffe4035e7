/**
 * Scenario 3, reconnect storm: N clients on our relay, the relay SIGKILLed and restarted on the
 * same port and data; how long until every client is synced again, and how many failed attempts
 * it took. Our host's jittered backoff against the stock y-websocket client's fixed schedule,
 * alternating. (The peers are not in this one: they keep rooms in memory, so a restart there
 * loses the rooms and "synced again" means something else.)
 */
import type { SpawnedRelay } from '../../server/testing/spawn-relay';
import { createTestRoom } from '../../server/testing/create-test-room';
import { sleep, startLoadProcess } from '../lib/child';
import { removeRelayData, startOurRelay } from '../lib/servers';
import { median, percentile } from '../lib/stats';
import { rotated } from './fanout';
import type { StormLoadRequest, StormMode, StormTarget, StormUpResult } from './storm-load';

export interface StormConfig {
  clients: number;
  clientsPerRoom: number;
  rounds: number;
  /** Give up waiting for all clients after this long (the run then reports who was missing). */
  timeoutMs: number;
}

export interface StormRun {
  mode: StormMode;
  round: number;
  clients: number;
  /** SIGKILL → every client noticed the loss. */
  killToAllDownMs: number;
  /** SIGKILL → relay listening again (process start; the same for both modes). */
  restartMs: number;
  /** Relay listening → every client synced. */
  listeningToAllSyncedMs: number;
  /** Relay listening → the median client synced. */
  listeningToMedianSyncedMs: number;
  listeningToP99SyncedMs: number;
  /** SIGKILL → every client synced. */
  killToAllSyncedMs: number;
  notSynced: number;
  connectionErrors: number;
  connectionCloses: number;
  /** Closes and refusals the restarted relay counted (from its /metrics), by label. */
  relayRefusals: Record<string, number>;
}

async function relayRefusals(relayUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${relayUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match =
      /^(relay_closes_total|relay_auth_refusals_total|relay_messages_received_total)\{(\w+)="([^"]+)"\} (\d+)/.exec(
        line,
      );
    if (!match) continue;
    const [, metric, , label, value] = match;
    if (
      metric === 'relay_messages_received_total' &&
      !/malformed|too-large|rate-limited/.test(label ?? '')
    )
      continue;
    counts[`${metric}{${label}}`] = Number(value);
  }
  return counts;
}

export async function runStorm(
  config: StormConfig,
  log: (line: string) => void,
): Promise<StormRun[]> {
  let relay: SpawnedRelay = await startOurRelay();
  const runs: StormRun[] = [];
  try {
    const targets: StormTarget[] = [];
    const rooms = Math.ceil(config.clients / config.clientsPerRoom);
    for (let r = 0; r < rooms; r += 1) {
      const room = await createTestRoom(relay.url, { id: `storm-${r}` });
      for (let c = 0; c < config.clientsPerRoom && targets.length < config.clients; c += 1) {
        targets.push({
          relayUrl: relay.url,
          wsRoomsUrl: relay.wsRoomsUrl,
          roomId: room.id,
          key: room.writeKey,
        });
      }
    }
    const modes: StormMode[] = ['host', 'stock'];
    for (let round = 0; round < config.rounds; round += 1) {
      for (const mode of rotated(modes, round)) {
        const load = startLoadProcess(new URL('./storm-load.ts', import.meta.url));
        try {
          const connected = await load.request<{ ms: number; synced: number }>({
            type: 'connect',
            mode,
            targets,
          } satisfies StormLoadRequest);
          if (connected.synced < targets.length)
            log(`storm ${mode}: only ${connected.synced}/${targets.length} synced before the kill`);
          await sleep(1_000);
          const killedAt = Date.now();
          await relay.kill();
          const down = await load.request<{ downAt: number }>({
            type: 'await-down',
            timeoutMs: 10_000,
          } satisfies StormLoadRequest);
          relay = await relay.restart();
          const listeningAt = Date.now();
          const up = await load.request<StormUpResult>(
            { type: 'await-up', timeoutMs: config.timeoutMs } satisfies StormLoadRequest,
            config.timeoutMs + 30_000,
          );
          const fromListening = up.syncedAt
            .filter((t): t is number => t !== null)
            .map((t) => Math.max(0, t - listeningAt));
          const notSynced = up.syncedAt.filter((t) => t === null).length;
          const run: StormRun = {
            mode,
            round,
            clients: targets.length,
            killToAllDownMs: down.downAt - killedAt,
            restartMs: listeningAt - killedAt,
            listeningToAllSyncedMs: notSynced > 0 ? Number.NaN : Math.max(...fromListening),
            listeningToMedianSyncedMs: median(fromListening),
            listeningToP99SyncedMs: percentile(fromListening, 99),
            killToAllSyncedMs:
              notSynced > 0 ? Number.NaN : Math.max(...fromListening) + (listeningAt - killedAt),
            notSynced,
            connectionErrors: up.connectionErrors,
            connectionCloses: up.connectionCloses,
            relayRefusals: await relayRefusals(relay.url),
          };
          runs.push(run);
          log(
            `storm ${mode} round ${round}: restart ${run.restartMs} ms, all synced ${run.listeningToAllSyncedMs} ms after listening ` +
              `(median ${run.listeningToMedianSyncedMs} ms), ${run.connectionErrors} failed attempts, ${notSynced} not synced`,
          );
          await load.request({ type: 'close' } satisfies StormLoadRequest);
        } finally {
          await load.stop();
        }
      }
    }
  } finally {
    await relay.stop();
    removeRelayData(relay);
  }
  return runs;
}
