/**
 * The chaos run: four people's hosts (child processes, each with its own data folder, each
 * behind its own fault proxy) and one relay process. For a bounded time every host does random
 * operations while the proxies break the network and the relay and the hosts are SIGKILLed and
 * restarted at random. Then the faults stop and the run checks the two invariants that matter
 * at 3 AM: every replica and the relay hold identical state (state vector and content digest),
 * and every entry and decision any host reported saved is in the room.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { formatInvite, parseInvite } from '../../shared/invite/invite-link';
import { declareIncident } from '../../shared/ops';
import { readRoom } from '../../shared/read';
import { Host, operationContextFor } from '../../electron/host';
import { spawnRelay, type SpawnedRelay } from '../../server/testing/spawn-relay';
import { connectStockClient } from '../../server/testing/relay-clients';
import { FaultProxy, type FaultKind } from '../fault-proxy/fault-proxy';
import { randomInt, seededRandom, type Random } from '../fault-proxy/seeded-random';
import { PEOPLE, type HostReport } from './chaos-people';
import { roomDigest } from './room-digest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHAOS_HOST = fileURLToPath(new URL('./chaos-host.ts', import.meta.url));

export interface ChaosOptions {
  /** How long operations, faults and crashes go on (the settle phase comes after). */
  readonly durationMs: number;
  readonly seed: number;
  /** Mean pause between network faults on each host's proxy. */
  readonly faultMeanMs?: number;
  /** Mean pause between relay SIGKILLs, and between host SIGKILLs. */
  readonly relayKillMeanMs?: number;
  readonly hostKillMeanMs?: number;
  /** How long the replicas get to converge once the faults stop. */
  readonly settleTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface ChaosReport {
  readonly seed: number;
  readonly durationMs: number;
  readonly hosts: number;
  readonly operations: {
    total: number;
    entriesSaved: number;
    decisionsSaved: number;
    refusedByRoom: number;
    failed: number;
  };
  readonly faults: Record<FaultKind, number> & { total: number };
  readonly proxiedConnections: number;
  readonly relayCrashes: number;
  readonly hostCrashes: number;
  readonly unexpectedExits: number;
  readonly settleMs: number;
  /** Replicas (hosts and the relay) whose state differs from the relay's, with why. */
  readonly divergent: string[];
  /** Entry and decision ids a host reported saved that the relay's room does not hold. */
  readonly lost: string[];
  readonly finalEntries: number;
  readonly failures: string[];
}

/** Shared machines can be busy: starting a process may take far longer than on an idle one. */
const START_TIMEOUT_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type HostChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** One person's app: a child process that can be killed and started again on the same folder. */
class ChaosHostProcess {
  readonly savedEntries = new Set<string>();
  readonly savedDecisions = new Set<string>();
  operations = 0;
  refused = 0;
  readonly failures: string[] = [];
  unexpectedExits = 0;
  private child: HostChild | null = null;
  private exited: Promise<void> = Promise.resolve();
  private reportWaiters: Array<(report: HostReport) => void> = [];
  private stderr = '';

  constructor(
    readonly index: number,
    readonly dataDir: string,
    private readonly invite: string,
    private readonly seed: number,
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CHAOS_HOST,
        this.dataDir,
        String(this.index),
        String(this.seed + this.operations),
        this.invite,
      ],
      { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.child === child) {
          this.child = null;
          if (!(signal === 'SIGKILL' || code === 0)) {
            this.unexpectedExits += 1;
            this.failures.push(`host ${this.index} exited with ${code ?? signal}: ${this.stderr}`);
          }
        }
        resolve();
      });
    });
    child.stdin.on('error', () => undefined);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`host ${this.index} not ready in 60 s: ${this.stderr}`)),
        START_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('ready ')) {
          clearTimeout(timer);
          resolve();
        } else this.onLine(line);
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`host ${this.index} exited before ready: ${this.stderr}`));
      });
    });
    await ready;
  }

  send(command: 'run' | 'pause' | 'report' | 'exit'): void {
    this.child?.stdin.write(`${command}\n`);
  }

  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.send('exit');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  report(timeoutMs = 20_000): Promise<HostReport> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host ${this.index}: no report`)), timeoutMs);
      this.reportWaiters.push((report) => {
        clearTimeout(timer);
        resolve(report);
      });
      this.send('report');
    });
  }

  private onLine(line: string): void {
    const [word, kind, id] = line.split(' ');
    if (word === 'saved' && id) {
      this.operations += 1;
      (kind === 'entry' ? this.savedEntries : this.savedDecisions).add(id);
    } else if (word === 'ok') this.operations += 1;
    else if (word === 'refused') this.refused += 1;
    else if (word === 'failed') this.failures.push(`host ${this.index}: ${line}`);
    else if (word === 'report') {
      const report = JSON.parse(line.slice('report '.length)) as HostReport;
      for (const waiter of this.reportWaiters.splice(0)) waiter(report);
    }
  }
}

const RELAY_ARGS = [
  // Dead connections (blackholed by the proxy) are found in seconds, not 30 s.
  '--heartbeat-interval-ms',
  '2000',
  // Compactions happen often, so kills land in them too.
  '--compact-after-updates',
  '100',
  '--room-unload-grace-ms',
  '1000',
  '--confirm-delay-ms',
  '20',
];

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const root = mkdtempSync(join(tmpdir(), 'ir-chaos-'));
  const relayDir = join(root, 'relay');
  let relay: SpawnedRelay = await spawnRelay({
    dataDir: relayDir,
    args: RELAY_ARGS,
    startTimeoutMs: START_TIMEOUT_MS,
  });
  const relayPort = relay.port;
  let relayCrashes = 0;
  let unexpectedRelayExits = 0;
  const failures: string[] = [];
  const watchRelay = (current: SpawnedRelay): void => {
    current.child.once('exit', (_code, signal) => {
      if (signal !== 'SIGKILL' && signal !== 'SIGTERM') {
        unexpectedRelayExits += 1;
        failures.push(`relay exited by itself:\n${current.output().slice(-2000)}`);
      }
    });
  };
  watchRelay(relay);

  const proxies = await Promise.all(PEOPLE.map(() => FaultProxy.start({ targetPort: relayPort })));
  const hosts: ChaosHostProcess[] = [];
  let reader: ReturnType<typeof connectStockClient> | null = null;
  try {
    // The IC creates and declares the room before anyone joins (straight to the relay).
    const setup = Host.open({ dataDir: join(root, 'setup'), watchNetworkMs: false });
    const record = await setup.createRoom({ title: 'Chaos: checkout 500s', relayUrl: relay.url });
    const session = setup.openRoom(record.localId);
    const ic = PEOPLE[0]!;
    declareIncident(session.doc, operationContextFor(session, ic), {
      title: 'Chaos: checkout 500s',
      severity: 'SEV2',
      roles: { ic, ops: PEOPLE[1]!, comms: PEOPLE[2]!, scribe: PEOPLE[3]! },
    });
    await session.whenAllConfirmed(15_000);
    const writeInvite = parseInvite(setup.inviteLink(record.localId, 'write'));
    const readInvite = parseInvite(setup.inviteLink(record.localId, 'read'));
    setup.close();
    if (!writeInvite.ok || !readInvite.ok) throw new Error('the host wrote an unreadable invite');
    const roomId = writeInvite.invite.roomId;

    PEOPLE.forEach((_person, index) => {
      const proxy = proxies[index]!;
      hosts.push(
        new ChaosHostProcess(
          index,
          join(root, `host-${index}`),
          formatInvite({ ...writeInvite.invite, relayUrl: proxy.url }),
          options.seed * 10 + index,
        ),
      );
    });
    await Promise.all(hosts.map((host) => startWithRetries(host)));
    for (const host of hosts) host.send('run');
    log(`chaos: seed ${options.seed}, ${hosts.length} hosts, room ${roomId}, ${root}`);

    const stopFaults = proxies.map((proxy, index) =>
      proxy.startRandomFaults({
        seed: options.seed * 100 + index,
        meanIntervalMs: options.faultMeanMs ?? 1_500,
        weights: { delay: 2, blackhole: 1, cut: 2, reset: 2, partition: 1 },
        maxPartitionMs: 3_000,
        maxDelayMs: 250,
      }),
    );

    const deadline = Date.now() + options.durationMs;
    const relayCrashLoop = async (): Promise<void> => {
      for (;;) {
        await sleepUntilOrBefore(deadline, exponential(random, options.relayKillMeanMs ?? 8_000));
        if (Date.now() >= deadline) return;
        await relay.kill();
        relayCrashes += 1;
        log(`chaos: relay SIGKILLed (${relayCrashes})`);
        await sleep(150 + randomInt(random, 1_500));
        relay = await respawnRelay(relayDir, relayPort);
        watchRelay(relay);
      }
    };
    let hostCrashes = 0;
    const hostCrashLoop = async (): Promise<void> => {
      for (;;) {
        await sleepUntilOrBefore(deadline, exponential(random, options.hostKillMeanMs ?? 4_000));
        if (Date.now() >= deadline) return;
        const victim = hosts[randomInt(random, hosts.length)]!;
        await victim.kill();
        hostCrashes += 1;
        log(`chaos: host ${victim.index} SIGKILLed (${hostCrashes})`);
        await sleep(100 + randomInt(random, 1_500));
        await startWithRetries(victim);
        victim.send('run');
      }
    };
    await Promise.all([relayCrashLoop(), hostCrashLoop()]);
    for (const stop of stopFaults) stop();
    for (const host of hosts) host.send('pause');
    log('chaos: faults stopped, settling');

    // Settle: everyone must reach the relay's state, with nothing pending.
    const settleStarted = Date.now();
    reader = connectStockClient(relay.wsRoomsUrl, roomId, readInvite.invite.key);
    const settleTimeout = options.settleTimeoutMs ?? 60_000;
    let divergent: string[] = [];
    let lastSettleLog = Date.now();
    for (;;) {
      divergent = [];
      const relaySv = Buffer.from(Y.encodeStateVector(reader.doc)).toString('base64');
      const relayDigest = roomDigest(reader.doc);
      if (!reader.provider.synced) divergent.push('relay reader not synced yet');
      const reports = await Promise.all(hosts.map((host) => host.report()));
      reports.forEach((report, index) => {
        const problems: string[] = [];
        if (report.stateVector !== relaySv) problems.push('state vector');
        if (report.digest !== relayDigest) problems.push('content digest');
        if (report.pendingToRelay !== 0) problems.push(`${report.pendingToRelay} pending`);
        if (report.connection !== 'live') problems.push(`connection ${report.connection}`);
        if (report.saveError) problems.push(`save error ${report.saveError}`);
        if (problems.length > 0) divergent.push(`host ${index}: ${problems.join(', ')}`);
      });
      if (divergent.length === 0) break;
      if (Date.now() - lastSettleLog > 5_000) {
        lastSettleLog = Date.now();
        log(
          `chaos: settling ${Math.round((Date.now() - settleStarted) / 1000)} s: ${divergent.join('; ')}`,
        );
      }
      if (Date.now() - settleStarted > settleTimeout) {
        const refused = reports.filter((report) => report.refusal !== null);
        if (refused.length > 0) divergent.push(...refused.map((r) => `refusal: ${r.refusal}`));
        break;
      }
      await sleep(250);
    }
    const settleMs = Date.now() - settleStarted;

    const room = readRoom(reader.doc, { now: 0 });
    const entryIds = new Set(room.timeline.map((entry) => entry.id));
    const decisionIds = new Set(room.decisions.map((decision) => decision.id));
    const lost: string[] = [];
    for (const host of hosts) {
      for (const id of host.savedEntries) if (!entryIds.has(id)) lost.push(`entry ${id}`);
      for (const id of host.savedDecisions) if (!decisionIds.has(id)) lost.push(`decision ${id}`);
    }
    const faults = { delay: 0, blackhole: 0, cut: 0, reset: 0, partition: 0, heal: 0, total: 0 };
    for (const proxy of proxies) {
      for (const [kind, count] of Object.entries(proxy.stats.faults) as Array<
        [FaultKind, number]
      >) {
        faults[kind] += count;
        if (kind !== 'heal') faults.total += count;
      }
    }
    const sum = (pick: (host: ChaosHostProcess) => number): number =>
      hosts.reduce((total, host) => total + pick(host), 0);
    return {
      seed: options.seed,
      durationMs: options.durationMs,
      hosts: hosts.length,
      operations: {
        total: sum((host) => host.operations),
        entriesSaved: sum((host) => host.savedEntries.size),
        decisionsSaved: sum((host) => host.savedDecisions.size),
        refusedByRoom: sum((host) => host.refused),
        failed: sum((host) => host.failures.length),
      },
      faults,
      proxiedConnections: proxies.reduce((total, proxy) => total + proxy.stats.accepted, 0),
      relayCrashes,
      hostCrashes,
      unexpectedExits: unexpectedRelayExits + sum((host) => host.unexpectedExits),
      settleMs,
      divergent,
      lost,
      finalEntries: room.timeline.length,
      failures: [...failures, ...hosts.flatMap((host) => host.failures)],
    };
  } finally {
    reader?.provider.destroy();
    await Promise.all(hosts.map((host) => host.stop()));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await relay.stop('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
}

/** A loaded machine can make a start time out; a second or third try is still the same test. */
async function startWithRetries(host: ChaosHostProcess): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await host.start();
      return;
    } catch (error) {
      await host.kill();
      if (attempt >= 3) throw error;
    }
  }
}

/** Sleeps `ms`, but never past `deadline`. */
function sleepUntilOrBefore(deadline: number, ms: number): Promise<void> {
  return sleep(Math.max(0, Math.min(ms, deadline - Date.now())));
}

function exponential(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/** Starts the relay again on its port and folder; the port may take a moment to be free. */
async function respawnRelay(dataDir: string, port: number): Promise<SpawnedRelay> {
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    try {
      return await spawnRelay({
        dataDir,
        port,
        args: RELAY_ARGS,
        startTimeoutMs: START_TIMEOUT_MS,
      });
    } catch (error) {
      lastError = error;
      await sleep(200);
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

export function formatChaosReport(report: ChaosReport): string {
  const { operations: ops, faults } = report;
  return [
    `chaos seed ${report.seed}: ${report.durationMs / 1000} s, ${report.hosts} hosts + 1 relay`,
    `  operations: ${ops.total} saved (${ops.entriesSaved} entries, ${ops.decisionsSaved} decisions), ${ops.refusedByRoom} refused by the room's rules, ${ops.failed} failed`,
    `  network faults: ${faults.total} (delay ${faults.delay}, blackhole ${faults.blackhole}, cut ${faults.cut}, reset ${faults.reset}, partition ${faults.partition}) over ${report.proxiedConnections} proxied connections`,
    `  crashes: relay SIGKILL ${report.relayCrashes}, host SIGKILL ${report.hostCrashes}, unexpected exits ${report.unexpectedExits}`,
    `  settled in ${report.settleMs} ms; final timeline ${report.finalEntries} entries`,
    `  divergent replicas: ${report.divergent.length}${report.divergent.length ? ` (${report.divergent.join('; ')})` : ''}`,
    `  lost acknowledged entries/decisions: ${report.lost.length}${report.lost.length ? ` (${report.lost.slice(0, 10).join(', ')})` : ''}`,
    ...report.failures.slice(0, 10).map((failure) => `  failure: ${failure}`),
  ].join('\n');
}
