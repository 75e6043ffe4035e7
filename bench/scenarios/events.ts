/**
 * Scenario 8, the events API: how fast a script can log into a room over HTTP, and whether a
 * long room slows it down. A load process posts events with `inFlight` requests at once (each
 * waits for its `201`, i.e. for the event to be on disk), one event per request and in batches,
 * into a freshly declared room and into one whose timeline a person already filled; a last phase
 * repeats the first with `fetch` instead of `node:http`. The peer for the ratio is the same relay
 * in the same run: its rate of single events into an empty room.
 */
import { createTestRoom } from '../../server/testing/create-test-room';
import { startLoadProcess } from '../lib/child';
import { processCpuMs } from '../lib/machine';
import { removeRelayData, startOurRelay } from '../lib/servers';
import type { HttpClientKind } from '../lib/json-poster';
import { percentile } from '../lib/stats';
import { rotated } from './fanout';
import type {
  EventsEntriesResult,
  EventsLoadRequest,
  EventsPostResult,
  EventsPrepareResult,
  EventsRoom,
} from './events-load';

export interface EventsConfig {
  rounds: number;
  /** Requests the script keeps in flight. */
  inFlight: number;
  /** Events posted one per request in each single-event phase. */
  singleEvents: number;
  /** Events posted in each batch phase, `batchSize` per request. */
  batchEvents: number;
  batchSize: number;
  /** Timeline entries a person writes before the "long room" phases start. */
  fillTo: number;
  /**
   * Events posted (single, then in batches) into a scratch room before the phases, unmeasured:
   * the relay's JIT warms up on them, so the first phase of a round is not the slowest.
   */
  warmupEvents: number;
}

export const EVENTS_PHASES = [
  'single-empty',
  'single-long',
  'batch-empty',
  'batch-long',
  'single-empty-fetch',
] as const;
export type EventsPhase = (typeof EVENTS_PHASES)[number];

export interface EventsRun {
  phase: EventsPhase;
  round: number;
  client: HttpClientKind;
  batchSize: number | null;
  entriesBefore: number;
  entriesAfter: number;
  events: number;
  requests: number;
  eventsPerSecond: number;
  requestP50Ms: number;
  requestP99Ms: number;
  /** Relay CPU time (user + system) per accepted event. */
  relayCpuMsPerEvent: number;
  /** The script's CPU time per accepted event (its HTTP client and JSON). */
  loadCpuMsPerEvent: number;
  /** Durable commits (one fsync each) during the phase, and their mean time. */
  commits: number;
  commitMeanMs: number;
  /** Update logs compacted into a snapshot during the phase (each encodes the whole room). */
  compactions: number;
  refused: Record<string, number>;
  firstRefusal: string | null;
  watcherComplete: boolean;
}

export interface PersistCounters {
  commits: number;
  seconds: number;
  compactions: number;
}

export async function persistCounters(relayUrl: string): Promise<PersistCounters> {
  const text = await (await fetch(`${relayUrl}/metrics`)).text();
  const read = (name: string): number =>
    Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    commits: read('relay_persist_duration_seconds_count'),
    seconds: read('relay_persist_duration_seconds_sum'),
    compactions: read('relay_compactions_total'),
  };
}

/**
 * Every phase uses `node:http`'s keep-alive pool except the last, which shows what the global
 * `fetch` would cost the same script (and so the relay, on the same two cores).
 */
function phasePlan(phase: EventsPhase, config: EventsConfig) {
  const single = phase.startsWith('single');
  return {
    client: phase.endsWith('fetch') ? ('fetch' as const) : ('node-http' as const),
    fillTo: phase.endsWith('long') ? config.fillTo : 0,
    batchSize: single ? null : config.batchSize,
    events: single ? config.singleEvents : config.batchEvents,
  };
}

async function runPhase(
  relay: { url: string; wsRoomsUrl: string; pid: number },
  phase: EventsPhase,
  round: number,
  config: EventsConfig,
  roomName: string = phase,
): Promise<EventsRun> {
  const plan = phasePlan(phase, config);
  const created = await createTestRoom(relay.url, { id: `events-${round}-${roomName}` });
  const room: EventsRoom = {
    relayUrl: relay.url,
    wsRoomsUrl: relay.wsRoomsUrl,
    roomId: created.id,
    writeKey: created.writeKey,
    readKey: created.readKey,
  };
  const loadScript = new URL('./events-load.ts', import.meta.url);
  const people = startLoadProcess(loadScript);
  const script = startLoadProcess(loadScript);
  try {
    const prepared = await people.request<EventsPrepareResult>(
      { type: 'prepare', room, fillTo: plan.fillTo } satisfies EventsLoadRequest,
      180_000,
    );
    const cpuBefore = processCpuMs(relay.pid);
    const persistBefore = await persistCounters(relay.url);
    const posted = await script.request<EventsPostResult>(
      {
        type: 'post',
        room,
        events: plan.events,
        batchSize: plan.batchSize,
        inFlight: config.inFlight,
        client: plan.client,
      } satisfies EventsLoadRequest,
      900_000,
    );
    const cpuMs = processCpuMs(relay.pid) - cpuBefore;
    const persistAfter = await persistCounters(relay.url);
    const seen = await people.request<EventsEntriesResult>(
      {
        type: 'await-entries',
        entries: prepared.entries + posted.events,
        timeoutMs: 60_000,
      } satisfies EventsLoadRequest,
      90_000,
    );
    await people.request({ type: 'close' } satisfies EventsLoadRequest);
    const commits = persistAfter.commits - persistBefore.commits;
    return {
      phase,
      round,
      client: plan.client,
      batchSize: plan.batchSize,
      entriesBefore: prepared.entries,
      entriesAfter: seen.entries,
      events: posted.events,
      requests: posted.requests,
      eventsPerSecond: posted.events / (posted.elapsedMs / 1000),
      requestP50Ms: percentile(posted.latenciesMs, 50),
      requestP99Ms: percentile(posted.latenciesMs, 99),
      relayCpuMsPerEvent: cpuMs / Math.max(1, posted.events),
      loadCpuMsPerEvent: posted.loadCpuMs / Math.max(1, posted.events),
      commits,
      commitMeanMs: ((persistAfter.seconds - persistBefore.seconds) / Math.max(1, commits)) * 1000,
      compactions: persistAfter.compactions - persistBefore.compactions,
      refused: posted.refused,
      firstRefusal: posted.firstRefusal,
      watcherComplete: seen.complete,
    };
  } finally {
    await Promise.all([people.stop(), script.stop()]);
  }
}

export async function runEvents(
  config: EventsConfig,
  log: (line: string) => void,
): Promise<EventsRun[]> {
  const runs: EventsRun[] = [];
  for (let round = 0; round < config.rounds; round += 1) {
    // A fresh relay per round; the phases take turns going first.
    const relay = await startOurRelay();
    try {
      const pid = relay.child.pid;
      if (pid === undefined) throw new Error('relay has no pid');
      const warmup = {
        ...config,
        singleEvents: config.warmupEvents,
        batchEvents: config.warmupEvents,
      };
      for (const phase of ['single-empty', 'batch-empty'] as const) {
        await runPhase({ ...relay, pid }, phase, round, warmup, `warmup-${phase}`);
      }
      for (const phase of rotated(EVENTS_PHASES, round)) {
        const run = await runPhase({ ...relay, pid }, phase, round, config);
        runs.push(run);
        const refusals = Object.entries(run.refused)
          .map(([status, count]) => `${count}× ${status}`)
          .join(', ');
        log(
          `events ${phase} round ${round}: ${run.events} events, ${run.entriesBefore} → ${run.entriesAfter} entries, ` +
            `${run.eventsPerSecond.toFixed(0)} events/s, request p50 ${run.requestP50Ms.toFixed(1)} ms, ` +
            `p99 ${run.requestP99Ms.toFixed(1)} ms, relay CPU ${run.relayCpuMsPerEvent.toFixed(2)} ms/event, ` +
            `load CPU ${run.loadCpuMsPerEvent.toFixed(2)} ms/event, ` +
            `${run.commits} commits of ${run.commitMeanMs.toFixed(1)} ms, ${run.compactions} compactions` +
            (refusals ? `; REFUSED ${refusals}: ${run.firstRefusal ?? ''}` : '') +
            (run.watcherComplete ? '' : '; the watcher did NOT see every event'),
        );
      }
    } finally {
      await relay.stop();
      removeRelayData(relay);
    }
  }
  return runs;
}
