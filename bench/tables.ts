/** Markdown tables for the results: medians over runs, and ours/peer ratios. */
import { markdownTable } from './lib/results';
import { fmt, fmtRatio, median, ratio } from './lib/stats';
import type { CapacityRun } from './scenarios/capacity';
import type { EventsPhase, EventsRun } from './scenarios/events';
import type { ExportResult } from './scenarios/export';
import type { FanoutRun } from './scenarios/fanout';
import type { OfflineRun } from './scenarios/offline-merge';
import type { StormRun } from './scenarios/storm';
import type { AppendResult, OpenResult } from './scenarios/store';
import type { UiResult } from './scenarios/ui';

function medianOf<T>(runs: readonly T[], pick: (run: T) => number): number {
  return median(runs.map(pick).filter((v) => Number.isFinite(v)));
}

function byKey<T>(runs: readonly T[], key: (run: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const run of runs) groups.set(key(run), [...(groups.get(key(run)) ?? []), run]);
  return groups;
}

/** Refusals summed over runs, e.g. `0` or `relay_closes_total{4503} 12`. */
function formatRefusals(perRun: Record<string, number>[]): string {
  const totals = new Map<string, number>();
  for (const counts of perRun) {
    for (const [label, value] of Object.entries(counts)) {
      totals.set(label, (totals.get(label) ?? 0) + value);
    }
  }
  if (totals.size === 0) return '0';
  return [...totals].map(([label, value]) => `${label} ${value}`).join(', ');
}

export function fanoutTable(runs: FanoutRun[]): string {
  const groups = byKey(runs, (r) => r.kind);
  const ours = groups.get('ours') ?? [];
  const rows = [...groups].map(([kind, group]) => {
    const p50 = medianOf(group, (r) => r.p50);
    const p99 = medianOf(group, (r) => r.p99);
    return [
      kind,
      String(group.length),
      fmt(p50),
      fmt(p99),
      fmt(medianOf(group, (r) => r.completeP99)),
      fmt(
        medianOf(group, (r) => r.serverCpuMsPerEdit),
        2,
      ),
      fmt(medianOf(group, (r) => r.serverRssMiB)),
      kind === 'ours'
        ? fmt(
            medianOf(group, (r) => r.persistMeanMs ?? Number.NaN),
            2,
          )
        : 'none',
      kind === 'ours'
        ? fmt(
            medianOf(group, (r) => r.updatesPerCommit ?? Number.NaN),
            1,
          )
        : 'none',
      String(group.reduce((n, r) => n + r.deliveriesMissing, 0)),
      kind === 'ours'
        ? '—'
        : fmtRatio(
            ratio(
              medianOf(ours, (r) => r.p50),
              p50,
            ),
          ),
      kind === 'ours'
        ? '—'
        : fmtRatio(
            ratio(
              medianOf(ours, (r) => r.p99),
              p99,
            ),
          ),
    ];
  });
  return markdownTable(
    [
      'server',
      'runs',
      'p50 ms',
      'p99 ms',
      'p99 to last client ms',
      'server CPU ms/edit',
      'server RSS MiB',
      'durable commit ms',
      'updates/commit',
      'late > 5 s',
      'ours/peer p50',
      'ours/peer p99',
    ],
    rows,
  );
}

export function capacityTable(runs: CapacityRun[]): string {
  const groups = byKey(runs, (r) => r.kind);
  const ours = groups.get('ours') ?? [];
  const rows = [...groups].map(([kind, group]) => {
    const perRoom = medianOf(group, (r) => r.kBPerRoom);
    const perConnection = medianOf(group, (r) => r.kBPerConnection);
    return [
      kind,
      String(group.length),
      String(Math.min(...group.map((r) => r.roomsHeld))),
      String(Math.min(...group.map((r) => r.connectionsHeld))),
      fmt(medianOf(group, (r) => r.baselineMiB)),
      fmt(perRoom),
      fmt(perConnection),
      fmt(medianOf(group, (r) => r.peakMiB)),
      kind === 'ours'
        ? '—'
        : fmtRatio(
            ratio(
              medianOf(ours, (r) => r.kBPerRoom),
              perRoom,
            ),
          ),
      kind === 'ours'
        ? '—'
        : fmtRatio(
            ratio(
              medianOf(ours, (r) => r.kBPerConnection),
              perConnection,
            ),
          ),
    ];
  });
  return markdownTable(
    [
      'server',
      'runs',
      'rooms held',
      'connections held',
      'idle RSS MiB',
      'kB per idle room (+1 client)',
      'kB per extra connection',
      'RSS at end MiB',
      'ours/peer room',
      'ours/peer connection',
    ],
    rows,
  );
}

export function stormTable(runs: StormRun[]): string {
  const groups = byKey(runs, (r) => r.mode);
  const host = groups.get('host') ?? [];
  const rows = [...groups].map(([mode, group]) => {
    const all = medianOf(group, (r) => r.listeningToAllSyncedMs);
    return [
      mode === 'host' ? 'our host (jittered backoff)' : 'stock y-websocket client',
      String(group.length),
      String(group[0]?.clients ?? 0),
      fmt(medianOf(group, (r) => r.restartMs)),
      fmt(medianOf(group, (r) => r.listeningToMedianSyncedMs)),
      fmt(medianOf(group, (r) => r.listeningToP99SyncedMs)),
      fmt(all),
      fmt(medianOf(group, (r) => r.killToAllSyncedMs)),
      String(group.reduce((n, r) => n + r.notSynced, 0)),
      fmt(
        medianOf(group, (r) => r.connectionErrors / r.clients),
        2,
      ),
      formatRefusals(group.map((r) => r.relayRefusals)),
      mode === 'host'
        ? '—'
        : fmtRatio(
            ratio(
              medianOf(host, (r) => r.listeningToAllSyncedMs),
              all,
            ),
          ),
    ];
  });
  return markdownTable(
    [
      'client',
      'runs',
      'clients',
      'kill → relay listening ms',
      'listening → median synced ms',
      'listening → p99 synced ms',
      'listening → all synced ms',
      'kill → all synced ms',
      'never synced',
      'failed attempts per client',
      'relay refusals',
      'host/stock all synced',
    ],
    rows,
  );
}

export function storeTables(result: { append: AppendResult; opens: OpenResult[] }): string {
  const a = result.append;
  const append = markdownTable(
    ['operation', 'samples', 'p50 ms', 'p99 ms', 'ours/in-memory p50'],
    [
      [
        'RoomStore.appendUpdate (durable)',
        String(a.appends),
        fmt(a.durableP50, 2),
        fmt(a.durableP99, 2),
        '—',
      ],
      [
        'Y.applyUpdate in memory (no store)',
        String(a.appends),
        fmt(a.inMemoryApplyP50, 3),
        fmt(a.inMemoryApplyP99, 3),
        fmtRatio(ratio(a.durableP50, a.inMemoryApplyP50)),
      ],
    ],
  );
  const opens = markdownTable(
    [
      'stream',
      'stored updates',
      'file MiB',
      'cold open, log only ms',
      'in memory: apply all ms',
      'log only / apply all',
      'compaction ms',
      'file after MiB',
      'cold open, compacted ms',
      'in memory: apply compacted state ms (MiB)',
      'compacted / apply compacted state',
      'in memory: apply merged log ms',
    ],
    result.opens.map((o) => [
      o.stream,
      String(o.updates),
      fmt(o.fileMiB, 2),
      fmt(o.logOnlyOpenMs),
      fmt(o.inMemoryApplyAllMs),
      fmtRatio(ratio(o.logOnlyOpenMs, o.inMemoryApplyAllMs)),
      fmt(o.compactMs),
      fmt(o.compactedFileMiB, 2),
      fmt(o.compactedOpenMs),
      `${fmt(o.inMemoryApplyEncodedMs)} (${fmt(o.encodedMiB, 2)})`,
      fmtRatio(ratio(o.compactedOpenMs, o.inMemoryApplyEncodedMs)),
      fmt(o.inMemoryApplyMergedMs),
    ]),
  );
  const mixes = result.opens
    .filter((o) => o.mix !== null)
    .map(
      (o) =>
        `incident mix of ${o.updates}: ${o.mix?.keystrokes ?? 0} keystrokes, ${o.mix?.entries ?? 0} entries, ` +
        `${o.mix?.pinsAndEdits ?? 0} pins/edits`,
    );
  return `${append}\n\n${opens}\n\n${mixes.join('  \n')}`;
}

export function offlineTable(runs: OfflineRun[]): string {
  const groups = byKey(runs, (r) => r.setup);
  const host = groups.get('host → our relay → host') ?? [];
  const rows = [...groups].map(([setup, group]) => {
    const ms = medianOf(group, (r) => r.reconnectToAllShownMs);
    return [
      setup,
      String(group.length),
      String(group[0]?.entries ?? 0),
      fmt(medianOf(group, (r) => r.offlineWriteMs)),
      fmt(ms),
      String(group.reduce((n, r) => n + (r.complete ? 0 : 1), 0)),
      setup === 'host → our relay → host'
        ? '—'
        : fmtRatio(
            ratio(
              medianOf(host, (r) => r.reconnectToAllShownMs),
              ms,
            ),
          ),
    ];
  });
  return markdownTable(
    [
      'setup',
      'runs',
      'entries',
      'offline writes ms',
      'reconnect → all shown ms',
      'incomplete',
      'host/this',
    ],
    rows,
  );
}

export function exportTable(results: ExportResult[]): string {
  const groups = byKey(results, (r) => r.format);
  const rows = [...groups].map(([format, group]) => [
    format,
    String(group.length),
    String(group[0]?.entries ?? 0),
    fmt(medianOf(group, (r) => r.ms)),
    fmt(medianOf(group, (r) => r.bytes / 1024)),
  ]);
  return markdownTable(['format', 'runs', 'entries', 'export ms (median)', 'size kB'], rows);
}

export function uiTable(results: UiResult[]): string {
  const groups = new Map<number, UiResult[]>();
  for (const result of results) {
    groups.set(result.entries, [...(groups.get(result.entries) ?? []), result]);
  }
  const sizes = [...groups.keys()].sort((a, b) => a - b);
  const baseline = groups.get(sizes[0] ?? 0) ?? [];
  const baseOpen = medianOf(baseline, (r) => r.openToFirstEntryMs);
  const baseKey = medianOf(baseline, (r) => r.keyToPaintP95Ms);
  return markdownTable(
    [
      'timeline entries',
      'runs',
      'open room → first entry painted ms',
      'first entry seen by Playwright ms',
      'open room → whole room ms',
      'scroll frame p50 ms',
      'scroll frame p95 ms',
      'frames > 25 ms',
      'key → paint p50 ms',
      'key → paint p95 ms',
      'keystrokes',
      'first entry / smallest room',
      'key→paint p95 / smallest room',
    ],
    sizes.map((size) => {
      const group = groups.get(size) ?? [];
      const first = size === sizes[0];
      const open = medianOf(group, (r) => r.openToFirstEntryMs);
      const key = medianOf(group, (r) => r.keyToPaintP95Ms);
      return [
        String(size),
        String(group.length),
        fmt(open),
        fmt(medianOf(group, (r) => r.seenByPlaywrightMs)),
        fmt(medianOf(group, (r) => r.openToWholeRoomMs)),
        fmt(medianOf(group, (r) => r.scrollFrameP50Ms)),
        fmt(medianOf(group, (r) => r.scrollFrameP95Ms)),
        `${(medianOf(group, (r) => r.scrollJankShare) * 100).toFixed(0)} %`,
        fmt(medianOf(group, (r) => r.keyToPaintP50Ms)),
        fmt(key),
        String(group[0]?.keystrokes ?? 0),
        first ? '—' : fmtRatio(ratio(open, baseOpen)),
        first ? '—' : fmtRatio(ratio(key, baseKey)),
      ];
    }),
  );
}

const EVENTS_PHASE_LABELS: Record<EventsPhase, string> = {
  'single-empty': 'one event per request, empty room',
  'single-long': 'one event per request, long room',
  'batch-empty': 'batches, empty room',
  'batch-long': 'batches, long room',
  'single-empty-fetch': 'one event per request, empty room, `fetch`',
};

/** Events API: rates per phase against the same relay's single events into an empty room. */
export function eventsTable(runs: EventsRun[]): string {
  const groups = byKey(runs, (r) => r.phase);
  const peer = medianOf(groups.get('single-empty') ?? [], (r) => r.eventsPerSecond);
  const rows = [...groups].map(([phase, group]) => {
    const rate = medianOf(group, (r) => r.eventsPerSecond);
    const cpuMs = (pick: (run: EventsRun) => number) => fmt(medianOf(group, pick), 2);
    const first = group[0];
    const refused = group.reduce(
      (n, r) => n + Object.values(r.refused).reduce((a, b) => a + b, 0),
      0,
    );
    return [
      EVENTS_PHASE_LABELS[phase as EventsPhase] ?? phase,
      String(group.length),
      first ? `${first.entriesBefore} → ${first.entriesAfter}` : '—',
      first?.batchSize ? String(first.batchSize) : '1',
      fmt(rate),
      phase === 'single-empty' ? '—' : fmtRatio(ratio(rate, peer)),
      fmt(medianOf(group, (r) => r.requestP50Ms)),
      fmt(medianOf(group, (r) => r.requestP99Ms)),
      cpuMs((r) => r.relayCpuMsPerEvent),
      cpuMs((r) => r.loadCpuMsPerEvent),
      fmt(medianOf(group, (r) => r.events / Math.max(1, r.commits))),
      fmt(medianOf(group, (r) => r.commitMeanMs)),
      String(refused),
      String(group.filter((r) => !r.watcherComplete).length),
    ];
  });
  return markdownTable(
    [
      'phase',
      'runs',
      'entries (first run)',
      'events/request',
      'events/s',
      '/ single, empty',
      'request p50 ms',
      'request p99 ms',
      'relay CPU ms/event',
      'script CPU ms/event',
      'events/commit',
      'commit ms',
      'refused',
      'watcher incomplete',
    ],
    rows,
  );
}
