import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The relay as users run it (`npm run relay`): built JavaScript, from scripts/build-relay.mjs.
 * Tests, the e2e run and the benchmarks spawn this file, so what they prove is what ships;
 * Vitest's global setup, scripts/run-e2e.mjs and bench/run.ts rebuild it when a source changed.
 */
export const RELAY_BUNDLE = fileURLToPath(new URL('../../dist-relay/relay.mjs', import.meta.url));

/** The bundle's path, or a sentence saying how to build it. */
export function relayBundle(): string {
  if (!existsSync(RELAY_BUNDLE)) {
    throw new Error(
      'The relay is not built: run `npm run build:relay` (the test, e2e and bench runs build it themselves).',
    );
  }
  return RELAY_BUNDLE;
}
