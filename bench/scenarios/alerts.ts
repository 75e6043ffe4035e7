/**
 * Scenario 9, alert intake: an Alertmanager storm at a fixed rate (open loop) against a real
 * relay started with an alert sources file (one `alertmanager` source with a bearer token, one
 * routing rule) and a team key. Measured: each notification's answer time, answers by status,
 * rooms opened, and after the relay stops, that every alert it accepted is an entry in its
 * group's room exactly once (read from the relay's SQLite with the app's read model). The peer
 * is the same relay in the same round: the events API at the same schedule, a batch of as many
 * events per request, into rooms a warm-up storm opened.
 */
import {
  writeAlertSourcesFile,
  readStoredRoom,
  storedAlertRooms,
} from '../../server/testing/alert-hooks';
import {
  checkEntries,
  entryKey,
  expectedEntries,
  mixCounts,
  planAlertStorm,
  type AlertMix,
  type AlertStormConfig,
  type EntryCheck,
} from '../lib/alert-storm-plan';
import { startLoadProcess } from '../lib/child';
import { processCpuMs, uptimeLine } from '../lib/machine';
import { removeRelayData, startOurRelay } from '../lib/servers';
import { percentile } from '../lib/stats';
import type { AlertsSendRequest, AlertsSendResult, AlertsTarget } from './alerts-load';
import { persistCounters } from './events';
import { rotated } from './fanout';

export interface AlertsConfig {
  rounds: number;
  storm: AlertStormConfig;
  /** Alerts of the unmeasured warm-up storm (another source: it opens the events API's rooms). */
  warmupAlerts: number;
  connections: number;
  /** Extra relay flags (run.ts's `--unload-grace-ms`). */
  relayArgs: readonly string[];
}

export const ALERTS_PHASES = ['alerts', 'events'] as const;
export type AlertsPhase = (typeof ALERTS_PHASES)[number];

export interface AlertsRun {
  phase: AlertsPhase;
  round: number;
  notifications: number;
  alerts: number;
  /** Alerts (or events) per second actually sent: total / (first send → last answer). */
  alertsPerSecond: number;
  answerP50Ms: number;
  answerP99Ms: number;
  answerMaxMs: number;
  /** Planned send → answer (the sender's own lateness included). */
  fromPlanP99Ms: number;
  senderLagMaxMs: number;
  statuses: Record<string, number>;
  firstRefusal: string | null;
  relayCpuMsPerAlert: number;
  loadCpuMsPerAlert: number;
  commits: number;
  commitMeanMs: number;
  /**
   * Rooms compacted during the phase: an idle room is compacted and unloaded after the relay's
   * unload grace (30 s), so the previous phase's rooms go out during this one.
   */
  compactions: number;
  /** Hook phase only: what the answers said, rooms stored, and the entry check. */
  duplicates: number | null;
  unrouted: number | null;
  roomsOpened: number | null;
  groupsSent: number | null;
  entries: EntryCheck | null;
  mix: Record<AlertMix, number> | null;
  /** `uptime` right after the phase: other work on the machine shows in the tail. */
  loadAfter: string;
}

const TOKEN = 'bench-alertmanager-token-0123456789abcdef';
const TEAM_KEY = 'bench-team-key-0123456789abcdef';
const SOURCES = `
sources:
  - id: bench-am
    kind: alertmanager
    authorization: { type: Bearer, credentials: ${TOKEN} }
  - id: warmup-am
    kind: alertmanager
    authorization: { type: Bearer, credentials: ${TOKEN} }
routes:
  - name: payments pages
    match: { severity: { regex: critical|warning } }
    severityMap: { critical: SEV1, warning: SEV3 }
    team: payments
    runbook: https://runbooks.example.com/payments
    page: [ops]
`;

function tally(statuses: readonly number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[String(status)] = (counts[String(status)] ?? 0) + 1;
  return counts;
}

/** Reads each group's room from the stopped relay's database and checks its alert entries. */
function checkStoredEntries(
  dataDir: string,
  config: AlertStormConfig,
  sent: AlertsSendResult,
  timeBaseMs: number,
): { roomsOpened: number; groupsSent: number; entries: EntryCheck } {
  const plan = planAlertStorm(config);
  const expected = expectedEntries(
    plan,
    sent.statuses.map((status) => status === 200),
  );
  const opened = storedAlertRooms(dataDir).filter((row) => row.source_id === 'bench-am');
  const total: EntryCheck = { expected: 0, found: 0, missing: 0, doubled: 0, unexpected: 0 };
  for (const [group, keys] of expected) {
    const roomId = sent.roomByGroup[group];
    const found: string[] = [];
    if (roomId !== undefined) {
      for (const entry of readStoredRoom(dataDir, roomId).timeline) {
        if (entry.kind !== 'alert') continue;
        const status = /^\[(FIRING|RESOLVED)\]/.exec(entry.text)?.[1]?.toLowerCase() ?? '?';
        const id = /alert_id=([^,\s]+)/.exec(entry.text)?.[1] ?? '?';
        found.push(entryKey(status, id, Date.parse(entry.at) - timeBaseMs));
      }
    }
    const check = checkEntries(keys, found);
    for (const field of Object.keys(total) as (keyof EntryCheck)[]) total[field] += check[field];
  }
  return { roomsOpened: opened.length, groupsSent: expected.size, entries: total };
}

function summarizeSend(
  phase: AlertsPhase,
  round: number,
  sent: AlertsSendResult,
  alerts: number,
  relayCpuMs: number,
): AlertsRun {
  const answered = sent.latenciesMs.filter((ms) => Number.isFinite(ms));
  const fromPlan = sent.latenciesMs.map((ms, i) => ms + (sent.lagMs[i] ?? 0));
  return {
    phase,
    round,
    notifications: sent.statuses.length,
    alerts,
    alertsPerSecond: alerts / (sent.elapsedMs / 1000),
    answerP50Ms: percentile(answered, 50),
    answerP99Ms: percentile(answered, 99),
    answerMaxMs: Math.max(...answered),
    fromPlanP99Ms: percentile(
      fromPlan.filter((ms) => Number.isFinite(ms)),
      99,
    ),
    senderLagMaxMs: Math.max(...sent.lagMs.filter((ms) => Number.isFinite(ms))),
    statuses: tally(sent.statuses),
    firstRefusal: sent.firstRefusal,
    relayCpuMsPerAlert: relayCpuMs / alerts,
    loadCpuMsPerAlert: sent.loadCpuMs / alerts,
    commits: 0,
    commitMeanMs: Number.NaN,
    compactions: 0,
    duplicates: phase === 'alerts' ? sent.duplicates : null,
    unrouted: phase === 'alerts' ? sent.unrouted : null,
    roomsOpened: null,
    groupsSent: null,
    entries: null,
    mix: null,
    loadAfter: uptimeLine(),
  };
}

export async function runAlerts(
  config: AlertsConfig,
  log: (line: string) => void,
): Promise<AlertsRun[]> {
  const runs: AlertsRun[] = [];
  const sourcesFile = writeAlertSourcesFile(SOURCES);
  for (let round = 0; round < config.rounds; round += 1) {
    const relay = await startOurRelay([
      '--alert-sources',
      sourcesFile,
      '--team-key',
      TEAM_KEY,
      ...config.relayArgs,
    ]);
    const sender = startLoadProcess(new URL('./alerts-load.ts', import.meta.url));
    // Alert times must be in the past: an alert "from the future" is put at the receive time.
    const timeBaseMs = Date.now() - 60 * 60_000;
    const request = (target: AlertsTarget, storm: AlertStormConfig) =>
      sender.request<AlertsSendResult>(
        {
          type: 'send',
          relayUrl: relay.url,
          target,
          storm,
          timeBaseMs,
          connections: config.connections,
        } satisfies AlertsSendRequest,
        15 * 60_000,
      );
    try {
      const pid = relay.child.pid;
      if (pid === undefined) throw new Error('relay has no pid');
      const warmup = await request(
        { kind: 'hook', sourceId: 'warmup-am', token: TOKEN, alertname: 'BenchWarmup' },
        { ...config.storm, alerts: config.warmupAlerts, seed: config.storm.seed + 1_000 + round },
      );
      const storm = { ...config.storm, seed: config.storm.seed + round };
      let hookRun: { run: AlertsRun; sent: AlertsSendResult } | null = null;
      for (const phase of rotated(ALERTS_PHASES, round)) {
        const cpuBefore = processCpuMs(pid);
        const persistBefore = await persistCounters(relay.url);
        const target: AlertsTarget =
          phase === 'alerts'
            ? { kind: 'hook', sourceId: 'bench-am', token: TOKEN, alertname: 'CheckoutLatencyHigh' }
            : { kind: 'events', teamKey: TEAM_KEY, roomByGroup: warmup.roomByGroup };
        const sent = await request(target, storm);
        const persistAfter = await persistCounters(relay.url);
        const run = summarizeSend(phase, round, sent, storm.alerts, processCpuMs(pid) - cpuBefore);
        run.commits = persistAfter.commits - persistBefore.commits;
        run.compactions = persistAfter.compactions - persistBefore.compactions;
        run.commitMeanMs =
          ((persistAfter.seconds - persistBefore.seconds) / Math.max(1, run.commits)) * 1000;
        runs.push(run);
        if (phase === 'alerts') hookRun = { run, sent };
      }
      await relay.stop();
      if (hookRun) {
        const stored = checkStoredEntries(relay.dataDir, storm, hookRun.sent, timeBaseMs);
        Object.assign(hookRun.run, stored, { mix: mixCounts(planAlertStorm(storm)) });
      }
      for (const run of runs.filter((r) => r.round === round)) log(describeRun(run));
    } finally {
      await sender.stop();
      await relay.stop();
      removeRelayData(relay);
    }
  }
  return runs;
}

function describeRun(run: AlertsRun): string {
  const statuses = Object.entries(run.statuses)
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');
  const head =
    `alerts ${run.phase} round ${run.round}: ${run.alerts} in ${run.notifications} requests, ` +
    `${run.alertsPerSecond.toFixed(0)}/s, answer p50 ${run.answerP50Ms.toFixed(1)} ms, ` +
    `p99 ${run.answerP99Ms.toFixed(1)} ms, max ${run.answerMaxMs.toFixed(1)} ms ` +
    `(from plan p99 ${run.fromPlanP99Ms.toFixed(1)} ms, sender lag max ${run.senderLagMaxMs.toFixed(1)} ms), ` +
    `${statuses}, relay CPU ${run.relayCpuMsPerAlert.toFixed(2)} ms/alert, ` +
    `${run.commits} commits of ${run.commitMeanMs.toFixed(1)} ms, ${run.compactions} compactions`;
  if (run.entries === null)
    return head + (run.firstRefusal ? `; first refusal: ${run.firstRefusal}` : '');
  const e = run.entries;
  return (
    `${head}; ${run.roomsOpened} rooms for ${run.groupsSent} groups, ${run.duplicates} duplicates, ` +
    `${run.unrouted} unrouted; entries ${e.found} of ${e.expected} expected, ` +
    `${e.missing} missing, ${e.doubled} doubled, ${e.unexpected} unexpected` +
    (run.firstRefusal ? `; first refusal: ${run.firstRefusal}` : '')
  );
}
