/**
 * Several relays' tables (scenario 11): medians over rounds of each system's per-run figures, the
 * ratios of the cross-relay p99 to one relay's and to the reference server's, and the goal.
 */
import { markdownTable } from './lib/results';
import { fmt, fmtRatio, median, ratio } from './lib/stats';
import { CLUSTER_SYSTEMS, type ClusterRun, type ClusterSystem } from './scenarios/cluster';

/** Cross-relay p99 at most this many times one relay's, on the same machine (#16). */
export const CLUSTER_P99_GOAL = 2;

const LABELS: Record<ClusterSystem, string> = {
  cluster: 'relays, shared (Redis + PostgreSQL), every delivery cross-relay',
  ours: '1 relay, embedded (SQLite)',
  reference: 'reference y-websocket server (in memory)',
};

function label(system: ClusterSystem, runs: readonly ClusterRun[]): string {
  return system === 'cluster'
    ? `${runs[0]?.rssMiB.length ?? '?'} ${LABELS.cluster}`
    : LABELS[system];
}

function medianOf(runs: readonly ClusterRun[], pick: (run: ClusterRun) => number | null): number {
  return median(runs.map(pick).filter((v): v is number => v !== null && Number.isFinite(v)));
}

function sum(runs: readonly ClusterRun[], pick: (run: ClusterRun) => number): string {
  return String(runs.reduce((total, run) => total + pick(run), 0));
}

function bySystem(runs: readonly ClusterRun[]): [ClusterSystem, ClusterRun[]][] {
  return CLUSTER_SYSTEMS.map((system): [ClusterSystem, ClusterRun[]] => [
    system,
    runs.filter((run) => run.system === system),
  ]).filter(([, group]) => group.length > 0);
}

function latencyTable(runs: readonly ClusterRun[]): string {
  const p99Of = (system: ClusterSystem): number =>
    medianOf(
      runs.filter((run) => run.system === system),
      (run) => run.p99,
    );
  const rows = bySystem(runs).map(([system, group]) => {
    const p99 = medianOf(group, (run) => run.p99);
    return [
      label(system, group),
      String(group.length),
      fmt(medianOf(group, (run) => run.p50)),
      fmt(p99),
      fmt(medianOf(group, (run) => run.completeP99)),
      sum(group, (run) => run.deliveries),
      sum(group, (run) => run.late),
      sum(group, (run) => run.deliveriesLost),
      sum(group, (run) => run.roomsDiverged),
      fmtRatio(ratio(p99, p99Of('ours'))),
      fmtRatio(ratio(p99, p99Of('reference'))),
    ];
  });
  return markdownTable(
    [
      'system',
      'runs',
      'p50 ms',
      'p99 ms',
      'p99 to last client ms',
      'deliveries',
      'late > 5 s',
      'lost',
      'rooms diverged',
      'p99 / 1 relay',
      'p99 / reference',
    ],
    rows,
  );
}

function resourcesTable(runs: readonly ClusterRun[]): string {
  const rows = bySystem(runs).map(([system, group]) => {
    const processes = group[0]?.rssMiB.length ?? 0;
    const perProcess = Array.from({ length: processes }, (_, index) =>
      fmt(medianOf(group, (run) => run.rssMiB[index] ?? null)),
    );
    return [
      label(system, group),
      perProcess.join(' / '),
      fmt(medianOf(group, (run) => run.redisRssMiB)),
      fmt(medianOf(group, (run) => run.postgresPssMiB)),
      fmt(
        medianOf(group, (run) => run.serverCpuMsPerEdit),
        2,
      ),
      fmt(
        medianOf(group, (run) => run.storeCpuMsPerEdit),
        2,
      ),
      fmt(
        medianOf(group, (run) => run.persistMeanMs),
        2,
      ),
      fmt(medianOf(group, (run) => run.updatesPerCommit)),
    ];
  });
  return markdownTable(
    [
      'system',
      'peak RSS MiB per relay (server)',
      'Redis RSS MiB',
      'PostgreSQL PSS MiB',
      'relays CPU ms/edit',
      'Redis + PostgreSQL CPU ms/edit',
      'durable commit ms',
      'updates/commit',
    ],
    rows,
  );
}

/** Each round's p99 per system, to show the spread the medians hide. */
function roundsTable(runs: readonly ClusterRun[]): string {
  const systems = bySystem(runs).map(([system]) => system);
  const rounds = [...new Set(runs.map((run) => run.round))].sort((a, b) => a - b);
  const rows = rounds.map((round) => [
    String(round),
    ...systems.map((system) => {
      const run = runs.find((each) => each.round === round && each.system === system);
      return run ? `${fmt(run.p50)} / ${fmt(run.p99)}` : '—';
    }),
  ]);
  return markdownTable(['round', ...systems.map((system) => `${system} p50 / p99 ms`)], rows);
}

/** The goal's verdict in one sentence, with its figures. */
export function clusterVerdict(runs: readonly ClusterRun[]): string {
  const p99 = (system: ClusterSystem): number =>
    medianOf(
      runs.filter((run) => run.system === system),
      (run) => run.p99,
    );
  const shared = runs.filter((run) => run.system === 'cluster');
  const lost = shared.reduce((total, run) => total + run.deliveriesLost + run.roomsDiverged, 0);
  const times = ratio(p99('cluster'), p99('ours'));
  const met = Number.isFinite(times) && times <= CLUSTER_P99_GOAL && lost === 0;
  return (
    `Goal (cross-relay p99 ≤ ${CLUSTER_P99_GOAL}× one relay's, no loss): ` +
    `**${met ? 'met' : 'not met'}**: p99 ${fmt(p99('cluster'))} ms vs ${fmt(p99('ours'))} ms ` +
    `(${fmtRatio(times)}), ${lost} lost deliveries or diverged rooms in shared mode; ` +
    `vs the reference server ${fmtRatio(ratio(p99('cluster'), p99('reference')))}.`
  );
}

export function clusterTable(runs: ClusterRun[]): string {
  return [latencyTable(runs), resourcesTable(runs), roundsTable(runs), clusterVerdict(runs)].join(
    '\n\n',
  );
}
