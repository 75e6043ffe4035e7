/**
 * `npm run bench` (short, under 5 minutes) and `npm run bench -- --full` (the long run).
 * `--only fanout,capacity,storm,store,offline,ui,export,events,alerts,start,cluster` picks scenarios;
 * cluster (several relays) runs only when picked. Each scenario's results go to
 * bench/results/<scenario>-<short|full>.json with the machine and its load before and after, and
 * the Markdown tables are printed at the end (docs/BENCHMARKS.md carries a copy).
 */
import { alertsTable } from './alerts-table';
import { clusterTable } from './cluster-table';
import { machineInfo, uptimeLine } from './lib/machine';
import { writeResult } from './lib/results';
import { runAlerts } from './scenarios/alerts';
import { runCapacity } from './scenarios/capacity';
import { runCluster, type ClusterConfig } from './scenarios/cluster';
import { runEvents } from './scenarios/events';
import { runExport } from './scenarios/export';
import { runFanout } from './scenarios/fanout';
import { runOfflineMerge } from './scenarios/offline-merge';
import { runStorm } from './scenarios/storm';
import { runStart, startTable } from './scenarios/start';
import { runStore } from './scenarios/store';
import { runUi } from './scenarios/ui';
import {
  capacityTable,
  eventsTable,
  exportTable,
  fanoutTable,
  offlineTable,
  stormTable,
  storeTables,
  uiTable,
} from './tables';

const SCENARIOS = [
  'fanout',
  'capacity',
  'storm',
  'store',
  'offline',
  'ui',
  'export',
  'events',
  'alerts',
  'start',
  'cluster',
] as const;
type Scenario = (typeof SCENARIOS)[number];
/**
 * Run only with `--only`: it needs redis-server and PostgreSQL's server programs installed, and
 * its rounds would take the short run past five minutes.
 */
const ONLY_WHEN_PICKED: readonly Scenario[] = ['cluster'];

const args = process.argv.slice(2);
const full = args.includes('--full');
const onlyArg = args.find((a) => a.startsWith('--only'));
const onlyValue = onlyArg?.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf('--only') + 1];
const selected: Scenario[] = onlyArg
  ? (onlyValue ?? '')
      .split(',')
      .filter((s): s is Scenario => (SCENARIOS as readonly string[]).includes(s))
  : SCENARIOS.filter((s) => !ONLY_WHEN_PICKED.includes(s));
const tagArg = args.indexOf('--tag');
/** `--tag NAME` keeps this run's files apart: bench/results/<scenario>-<mode>-NAME.json. */
const mode = `${full ? 'full' : 'short'}${tagArg >= 0 ? `-${args[tagArg + 1]}` : ''}`;
const intervalArg = args.indexOf('--interval-ms');
/** `--interval-ms N` sets the fan-out edit interval per client (default 2000). */
const intervalOverride = intervalArg >= 0 ? Number(args[intervalArg + 1]) : null;
const roundsArg = args.indexOf('--rounds');
/** `--rounds N` overrides every scenario's number of rounds (for a quicker full-size look). */
const roundsOverride = roundsArg >= 0 ? Number(args[roundsArg + 1]) : null;
function withRounds<T extends { rounds: number }>(config: T): T {
  return roundsOverride !== null && roundsOverride > 0
    ? { ...config, rounds: roundsOverride }
    : config;
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function scenario<T>(
  name: Scenario,
  config: unknown,
  work: () => Promise<T>,
  table: (result: T) => string,
): Promise<string | null> {
  if (!selected.includes(name)) return null;
  const before = uptimeLine();
  log(`${name}: start (${before})`);
  const started = Date.now();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // One scenario failing (a relay that would not start on a saturated machine) must not
    // throw away the others' results.
    log(`${name}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    writeResult(`${name}-${mode}`, { scenario: name, mode, config, failed: String(error) });
    return `### ${name} (${mode})\n\nFAILED: ${String(error)}\n`;
  }
  const after = uptimeLine();
  const path = writeResult(`${name}-${mode}`, {
    scenario: name,
    mode,
    config,
    machine: machineInfo(),
    loadBefore: before,
    loadAfter: after,
    durationMs: Date.now() - started,
    result,
  });
  log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s → ${path}`);
  return `### ${name} (${mode})\n\nLoad before: \`${before}\`\nLoad after: \`${after}\`\n\n${table(result)}\n`;
}

const fanoutConfig = withRounds(
  full
    ? {
        rooms: 200,
        clientsPerRoom: 5,
        intervalMs: 2_000,
        warmupMs: 3_000,
        measureMs: 20_000,
        rounds: 3,
        textBytes: 120,
      }
    : {
        rooms: 50,
        clientsPerRoom: 5,
        intervalMs: 2_000,
        warmupMs: 1_000,
        measureMs: 5_000,
        rounds: 2,
        textBytes: 120,
      },
);
if (intervalOverride !== null && intervalOverride > 0) fanoutConfig.intervalMs = intervalOverride;
/**
 * Scenario 11: scenario 1's rooms, sizes and edit interval with one writer per room (the others
 * read, on other relays in shared mode); a delivery still missing 30 s after the drain is lost.
 */
const clusterConfig: ClusterConfig = {
  ...fanoutConfig,
  relays: 3,
  writersPerRoom: 1,
  lossWaitMs: 30_000,
};
const capacityConfig = withRounds(
  full
    ? { rooms: 2_000, extraConnections: 2_000, rounds: 2 }
    : { rooms: 300, extraConnections: 300, rounds: 1 },
);
const stormConfig = withRounds(
  full
    ? { clients: 1_000, clientsPerRoom: 5, rounds: 3, timeoutMs: 60_000 }
    : { clients: 300, clientsPerRoom: 5, rounds: 1, timeoutMs: 30_000 },
);
const storeConfig = full
  ? { appends: 2_000, sizes: [1_000, 10_000, 100_000], opens: 3, opensSmall: 15 }
  : { appends: 300, sizes: [1_000, 10_000], opens: 3, opensSmall: 7 };
const offlineConfig = withRounds(
  full ? { entries: 1_000, rounds: 2 } : { entries: 1_000, rounds: 1 },
);
const exportConfig = withRounds(
  full ? { entries: 10_000, rounds: 2 } : { entries: 2_000, rounds: 1 },
);

const eventsConfig = withRounds(
  full
    ? {
        rounds: 3,
        inFlight: 8,
        singleEvents: 1_000,
        batchEvents: 5_000,
        batchSize: 100,
        fillTo: 9_000,
        warmupEvents: 2_000,
      }
    : {
        rounds: 1,
        inFlight: 8,
        singleEvents: 1_000,
        batchEvents: 2_000,
        batchSize: 100,
        fillTo: 9_000,
        warmupEvents: 2_000,
      },
);

/**
 * 1,000 alerts/s for 30 s (full) or 5 s, in Alertmanager notifications of 1–7 alerts (about 250
 * requests/s) across 100 groups; see bench/lib/alert-storm-plan.ts for the mix.
 */
const alertsStorm = {
  groups: 100,
  alertsPerSecond: 1_000,
  maxAlertsPerNotification: 7,
  newShare: 0.4,
  repeatShare: 0.4,
  resolveShare: 0.15,
  seed: 14,
};
const unloadGraceArg = args.indexOf('--unload-grace-ms');
/**
 * `--unload-grace-ms N` passes `--room-unload-grace-ms N` to the alerts scenario's relay: with a
 * grace longer than a round, no phase's rooms are compacted and unloaded inside the next one.
 */
const alertsRelayArgs =
  unloadGraceArg >= 0 ? ['--room-unload-grace-ms', String(Number(args[unloadGraceArg + 1]))] : [];
const alertsConfig = withRounds({
  rounds: full ? 3 : 1,
  storm: { ...alertsStorm, alerts: full ? 30_000 : 5_000 },
  warmupAlerts: 2_000,
  connections: 64,
  relayArgs: alertsRelayArgs,
});

const startConfig = withRounds({ rounds: full ? 9 : 5 });

const uiConfig = withRounds(
  full
    ? { entrySizes: [10, 10_000], keystrokes: 60, scrollSteps: 120, rounds: 3 }
    : { entrySizes: [10, 2_000], keystrokes: 40, scrollSteps: 60, rounds: 1 },
);

async function main(): Promise<void> {
  const machine = machineInfo();
  log(
    `bench ${mode}: ${machine.nproc} cores, ${machine.memTotalGiB} GiB, node ${machine.node}; ${machine.uptime}`,
  );
  const sections = [
    await scenario('fanout', fanoutConfig, () => runFanout(fanoutConfig, log), fanoutTable),
    await scenario(
      'capacity',
      capacityConfig,
      () => runCapacity(capacityConfig, log),
      capacityTable,
    ),
    await scenario('storm', stormConfig, () => runStorm(stormConfig, log), stormTable),
    await scenario('store', storeConfig, () => runStore(storeConfig, log), storeTables),
    await scenario(
      'offline',
      offlineConfig,
      () => runOfflineMerge(offlineConfig, log),
      offlineTable,
    ),
    await scenario('ui', uiConfig, () => runUi(uiConfig, log), uiTable),
    await scenario('export', exportConfig, () => runExport(exportConfig, log), exportTable),
    await scenario('events', eventsConfig, () => runEvents(eventsConfig, log), eventsTable),
    await scenario('alerts', alertsConfig, () => runAlerts(alertsConfig, log), alertsTable),
    await scenario('start', startConfig, () => runStart(startConfig, log), startTable),
    await scenario('cluster', clusterConfig, () => runCluster(clusterConfig, log), clusterTable),
  ].filter((s): s is string => s !== null);
  console.log(`\n${sections.join('\n')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
