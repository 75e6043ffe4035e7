// The relay as built JavaScript: one ESM file, dist-relay/relay.mjs, bundled by esbuild from
// server/main.ts with its dependencies, so starting it parses JavaScript instead of compiling
// TypeScript (tsx took 0.8-1.5 s to start the relay; see docs/BENCHMARKS.md). Native addons and
// optional native speed-ups stay external. `npm run relay`, the test helpers that spawn relays,
// the e2e run and the benchmarks all run this file; `ensureRelayBuilt()` rebuilds it when any
// source is newer, so nobody runs a stale relay.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RELAY_BUNDLE = join(ROOT, 'dist-relay', 'relay.mjs');
const SOURCES = ['server', 'shared', 'package-lock.json', 'scripts/build-relay.mjs'];

/**
 * Builds the bundle and its source map; each is written under another name and renamed, so a
 * relay starting meanwhile (another test run) never reads half a file.
 */
export async function buildRelay() {
  // Loaded only to build: a start that finds the bundle current does not pay for esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['server/main.ts'],
    outfile: RELAY_BUNDLE,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Linked, not inline: a 5 MB comment would cost every start its parse.
    sourcemap: 'linked',
    logLevel: 'warning',
    // A native addon cannot be bundled; the others are optional add-ons their packages try.
    // pg and @redis/client serve only shared mode and migrate, loaded on demand: kept out of the
    // bundle, so a relay on SQLite does not parse them at every start.
    external: [
      'better-sqlite3',
      'pg-native',
      'bufferutil',
      'utf-8-validate',
      'pg',
      '@redis/client',
    ],
    // Bundled CommonJS dependencies call require() for node built-ins.
    banner: {
      js: "import { createRequire as __irCreateRequire } from 'node:module'; const require = __irCreateRequire(import.meta.url);",
    },
  });
  mkdirSync(dirname(RELAY_BUNDLE), { recursive: true });
  // The map first: the bundle that names it appears only once the map is there.
  const files = [...result.outputFiles].sort((a) => (a.path.endsWith('.map') ? -1 : 1));
  for (const file of files) {
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
}

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether the bundle is missing or older than any source it is built from. */
export function relayBundleStale() {
  const built = statSync(RELAY_BUNDLE, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return SOURCES.some((source) => newestMtime(join(ROOT, source)) > built);
}

/** Builds the bundle when it is stale; returns its path. */
export async function ensureRelayBuilt() {
  if (relayBundleStale()) await buildRelay();
  return RELAY_BUNDLE;
}

// `node scripts/build-relay.mjs` builds; with `--if-stale`, only when a source changed.
if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  if (!process.argv.includes('--if-stale') || relayBundleStale()) {
    await buildRelay();
    console.log(`built ${RELAY_BUNDLE}`);
  }
}
