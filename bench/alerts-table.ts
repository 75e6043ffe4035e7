/** The alert intake's table (scenario 9): medians over rounds, the events API as the peer. */
import { markdownTable } from './lib/results';
import { fmt, fmtRatio, median, ratio } from './lib/stats';
import type { AlertsPhase, AlertsRun } from './scenarios/alerts';

const PHASE_LABELS: Record<AlertsPhase, string> = {
  alerts: 'Alertmanager webhooks, `POST /hooks/<id>`',
  events: 'peer: events API, same schedule, `POST /rooms/<id>/events`',
};

function medianOf(runs: readonly AlertsRun[], pick: (run: AlertsRun) => number): number {
  return median(runs.map(pick).filter((v) => Number.isFinite(v)));
}

function summed(runs: readonly AlertsRun[], pick: (run: AlertsRun) => number | null): string {
  const values = runs.map(pick).filter((v): v is number => v !== null);
  return values.length === 0 ? '—' : String(values.reduce((a, b) => a + b, 0));
}

function statusList(runs: readonly AlertsRun[]): string {
  const totals: Record<string, number> = {};
  for (const run of runs) {
    for (const [status, count] of Object.entries(run.statuses)) {
      totals[status] = (totals[status] ?? 0) + count;
    }
  }
  return Object.entries(totals)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
}

/** The 1-minute load average of an `uptime` line. */
function loadOf(line: string | undefined): string {
  return /load average: ([\d.]+)/.exec(line ?? '')?.[1] ?? '—';
}

/** Each round: both phases side by side, so a busy moment shows in both (or in the one it hit). */
function roundsTable(runs: readonly AlertsRun[]): string {
  const rounds = [...new Set(runs.map((run) => run.round))];
  const rows = rounds.map((round) => {
    const inRound = runs.filter((run) => run.round === round);
    const hook = inRound.find((run) => run.phase === 'alerts');
    const events = inRound.find((run) => run.phase === 'events');
    return [
      String(round),
      inRound.map((run) => run.phase).join(' → '),
      hook ? `${fmt(hook.answerP50Ms)} / ${fmt(hook.answerP99Ms)} / ${fmt(hook.answerMaxMs)}` : '—',
      events
        ? `${fmt(events.answerP50Ms)} / ${fmt(events.answerP99Ms)} / ${fmt(events.answerMaxMs)}`
        : '—',
      hook && events ? fmtRatio(ratio(hook.answerP99Ms, events.answerP99Ms)) : '—',
      inRound.map((run) => fmt(run.senderLagMaxMs)).join(' / '),
      inRound.map((run) => fmt(run.commitMeanMs)).join(' / '),
      inRound
        .map((run) => (run.compactions === undefined ? '—' : String(run.compactions)))
        .join(' / '),
      inRound.map((run) => loadOf(run.loadAfter)).join(' / '),
    ];
  });
  return markdownTable(
    [
      'round',
      'order',
      'hooks p50 / p99 / max ms',
      'events API p50 / p99 / max ms',
      'p99 hooks / events',
      'sender lag max ms (in order)',
      'commit ms (in order)',
      'rooms compacted (in order)',
      'load after (in order)',
    ],
    rows,
  );
}

export function alertsTable(runs: AlertsRun[]): string {
  return `${medianTable(runs)}\n\n${roundsTable(runs)}`;
}

function medianTable(runs: AlertsRun[]): string {
  const phases = (['alerts', 'events'] as const).map((phase) => ({
    phase,
    group: runs.filter((run) => run.phase === phase),
  }));
  const peerP99 = medianOf(phases[1]?.group ?? [], (r) => r.answerP99Ms);
  const rows = phases
    .filter(({ group }) => group.length > 0)
    .map(({ phase, group }) => {
      const p99 = medianOf(group, (r) => r.answerP99Ms);
      return [
        PHASE_LABELS[phase],
        String(group.length),
        `${group[0]?.alerts ?? 0} in ${group[0]?.notifications ?? 0}`,
        fmt(medianOf(group, (r) => r.alertsPerSecond)),
        fmt(medianOf(group, (r) => r.answerP50Ms)),
        fmt(p99),
        phase === 'alerts' ? fmtRatio(ratio(p99, peerP99)) : '—',
        fmt(medianOf(group, (r) => r.answerMaxMs)),
        fmt(medianOf(group, (r) => r.fromPlanP99Ms)),
        statusList(group),
        fmt(
          medianOf(group, (r) => r.relayCpuMsPerAlert),
          2,
        ),
        fmt(medianOf(group, (r) => r.alerts / Math.max(1, r.commits))),
        fmt(medianOf(group, (r) => r.commitMeanMs)),
        group
          .map((r) => (r.roomsOpened === null ? '—' : `${r.roomsOpened}/${r.groupsSent}`))
          .join(', '),
        summed(group, (r) => r.duplicates),
        summed(group, (r) => r.entries?.expected ?? null),
        summed(group, (r) =>
          r.entries ? r.entries.missing + r.entries.doubled + r.entries.unexpected : null,
        ),
      ];
    });
  return markdownTable(
    [
      'phase',
      'runs',
      'alerts in requests (per run)',
      'alerts/s',
      'answer p50 ms',
      'answer p99 ms',
      '/ events API p99',
      'answer max ms',
      'p99 from planned send ms',
      'answers (all runs)',
      'relay CPU ms/alert',
      'alerts/commit',
      'commit ms',
      'rooms opened / groups (each run)',
      'duplicates answered',
      'entries expected (all runs)',
      'entries missing + doubled + unexpected',
    ],
    rows,
  );
}
