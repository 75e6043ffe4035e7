/**
 * Scenario 10: a relay's start, from `node` being spawned to the first answered HTTP request on
 * its port: what a restart, a crash recovery or a new relay behind a load balancer costs before
 * it serves. Each round starts every kind once, in turn, on a free port and a copy of a relay
 * data folder made once before the rounds (a restart: the schema is there, as it is for every
 * start but a relay's first); the table gives medians. Peers in the same run: bare Node (an HTTP server and nothing else:
 * the floor), the reference y-websocket server (plain JavaScript from its package), and our relay
 * as it started before it was built (`node --import tsx server/main.ts`, compiling at start).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from '../lib/results';
import { fmt, fmtRatio, median, ratio } from '../lib/stats';
import { relayBundle } from '../../server/testing/relay-bundle';
import { freePort } from '../../server/testing/free-port';
import { spawnRelay } from '../../server/testing/spawn-relay';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const START_KINDS = ['node', 'reference', 'built', 'tsx'] as const;
export type StartKind = (typeof START_KINDS)[number];

const LABELS: Record<StartKind, string> = {
  node: 'floor: bare Node HTTP server',
  reference: 'peer: reference y-websocket server (`@y/websocket-server`, plain JS)',
  built: 'our relay, built (`node dist-relay/relay.mjs`, what `npm run relay` runs)',
  tsx: 'our relay through tsx (`node --import tsx server/main.ts`, before #19)',
};

export interface StartConfig {
  rounds: number;
}

export type StartRun = Record<StartKind, number[]>;

function command(kind: StartKind, port: number, dataDir: string): { args: string[]; env: object } {
  const relayFlags = ['--host', '127.0.0.1', '--port', String(port), '--data', dataDir];
  switch (kind) {
    case 'node':
      return {
        args: [
          '-e',
          `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`,
        ],
        env: {},
      };
    case 'reference':
      return {
        args: [join(REPO_ROOT, 'node_modules/@y/websocket-server/src/server.js')],
        env: { HOST: '127.0.0.1', PORT: String(port) },
      };
    case 'built':
      return { args: [relayBundle(), ...relayFlags, '--log-level', 'warn'], env: {} };
    case 'tsx':
      return {
        args: ['--import', 'tsx', join(REPO_ROOT, 'server/main.ts'), ...relayFlags],
        env: { RELAY_LOG_LEVEL: 'warn' },
      };
  }
}

/** Milliseconds from spawn to the first HTTP answer on the port (polled every 2 ms). */
async function timeToServe(kind: StartKind, template: string | null): Promise<number> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `bench-start-${kind}-`));
  if (template !== null) cpSync(template, dataDir, { recursive: true });
  const { args, env } = command(kind, port, dataDir);
  const started = performance.now();
  // In memory, as in the other scenarios: any YPERSISTENCE (even empty) loads its LevelDB.
  const { YPERSISTENCE: _persistence, ...inherited } = process.env;
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`${kind} exited with ${child.exitCode} before serving:\n${stderr}`);
      }
      if (performance.now() - started > 60_000) throw new Error(`${kind} did not serve in 60 s`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        await response.body?.cancel();
        return performance.now() - started;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runStart(
  config: StartConfig,
  log: (line: string) => void,
): Promise<StartRun> {
  const run: StartRun = { node: [], reference: [], built: [], tsx: [] };
  // A relay data folder with its schema in place: the built relay's first start, stopped cleanly.
  const template = mkdtempSync(join(tmpdir(), 'bench-start-template-'));
  const first = await spawnRelay({ dataDir: template, startTimeoutMs: 60_000 });
  await first.stop();
  try {
    for (let round = 0; round < config.rounds; round += 1) {
      // In turn within a round, so a load change on the machine touches every kind alike.
      for (const kind of START_KINDS) {
        const relay = kind === 'built' || kind === 'tsx';
        run[kind].push(await timeToServe(kind, relay ? template : null));
      }
      log(
        `start round ${round + 1}/${config.rounds}: ${START_KINDS.map((kind) => `${kind} ${fmt(run[kind].at(-1)!)} ms`).join(', ')}`,
      );
    }
  } finally {
    rmSync(template, { recursive: true, force: true });
  }
  return run;
}

export function startTable(run: StartRun): string {
  const reference = median(run.reference);
  return markdownTable(
    ['server', 'median ms', 'min ms', 'vs reference'],
    START_KINDS.map((kind) => [
      LABELS[kind],
      fmt(median(run[kind])),
      fmt(Math.min(...run[kind])),
      fmtRatio(ratio(median(run[kind]), reference)),
    ]),
  );
}
