/**
 * The short chaos run inside `npm test` (about 45 s of faults and crashes, then settling).
 * `npm run chaos -- --long` runs the same for 15 minutes. CHAOS_SECONDS and CHAOS_SEED
 * override the length and the seed (a failing run prints its seed: replay it with that).
 */
import { expect, it } from 'vitest';
import { formatChaosReport, runChaos } from './chaos-run';

const seconds = Number(process.env.CHAOS_SECONDS ?? 40);
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);

it(
  `four hosts and a relay under network faults and SIGKILLs converge and lose nothing (seed ${seed})`,
  async () => {
    const report = await runChaos({
      durationMs: seconds * 1000,
      seed,
      // Crashes come often enough that a short run has several of each.
      relayKillMeanMs: 8_000,
      hostKillMeanMs: 4_000,
      // Settling took up to 43 s in a soak at load 22; give the short run room for a busy machine.
      settleTimeoutMs: 120_000,
    });
    console.log(formatChaosReport(report));
    expect(report.failures).toEqual([]);
    expect(report.divergent).toEqual([]);
    expect(report.lost).toEqual([]);
    expect(report.unexpectedExits).toBe(0);
    // The run did what it claims: work was saved, faults and crashes happened.
    expect(report.operations.entriesSaved).toBeGreaterThan(100);
    expect(report.faults.total).toBeGreaterThan(20);
    expect(report.relayCrashes + report.hostCrashes).toBeGreaterThan(2);
    expect(report.finalEntries).toBeGreaterThanOrEqual(report.operations.entriesSaved);
  },
  (seconds + 240) * 1000,
);
