/**
 * `npm run chaos` — a chaos run from the command line.
 *   npm run chaos                       60 s
 *   npm run chaos -- --long             soak: 15 minutes
 *   npm run chaos -- --seconds 300 --seed 42
 * Exits 1 when a replica diverged, an acknowledged entry was lost, or anything failed.
 */
import { parseArgs } from 'node:util';
import { formatChaosReport, runChaos } from './chaos-run';

const { values } = parseArgs({
  options: {
    long: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    seed: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});
const seconds = values.seconds !== undefined ? Number(values.seconds) : values.long ? 900 : 60;
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 1_000_000;
if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(seed)) {
  console.error('usage: run-chaos [--long] [--seconds N] [--seed N] [--quiet]');
  process.exit(2);
}

const report = await runChaos({
  durationMs: seconds * 1000,
  seed,
  settleTimeoutMs: 120_000,
  log: values.quiet ? undefined : (line) => console.log(line),
});
console.log(formatChaosReport(report));
const ok =
  report.divergent.length === 0 && report.lost.length === 0 && report.failures.length === 0;
console.log(ok ? 'chaos: OK' : 'chaos: FAILED');
process.exit(ok ? 0 : 1);
