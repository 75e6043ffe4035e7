// Runs the Playwright end-to-end suite against web mode: builds the renderer once, finds a
// Chromium, then hands over to `playwright test`. Says in one sentence what is missing instead of
// pretending to pass.
import { spawnSync } from 'node:child_process';
import { ensureRelayBuilt } from './build-relay.mjs';
import { findChromium } from './find-chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  console.error(
    'e2e: no Chromium found: install it (Debian/Ubuntu as root: apt-get install -y chromium) or set CHROMIUM_PATH.',
  );
  process.exit(1);
}

const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('npx', ['vite', 'build', '--logLevel', 'warn']);
// The specs' relays run from built JavaScript, as users run it.
await ensureRelayBuilt();
// A web host's PDF export runs Chromium sandboxed, which Chromium refuses as root (as tests run
// here and in CI): as root, say explicitly that this test run prints without the sandbox.
const asRoot = process.getuid?.() === 0 ? { INCIDENT_ROOM_CHROMIUM_NO_SANDBOX: '1' } : {};
run('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  CHROMIUM_PATH: chromium,
  ...asRoot,
});
