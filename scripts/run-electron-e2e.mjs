// `npm run test:electron`: the Playwright `_electron` e2e against the real shell
// (e2e/electron/*.electron.ts). Not part of `npm test`: it needs the Electron binary, which
// cannot be downloaded on the project's CI machines. Where the binary (or a display) is missing
// it says so in one sentence and exits non-zero, so "not run" never reads as "passed".
import { spawnSync } from 'node:child_process';
import { electronBinary, electronSqliteBinding } from './electron-tools.mjs';

function notRun(reason) {
  console.error(`test:electron: NOT RUN: ${reason}; this is not a pass (see docs/DESKTOP.md).`);
  process.exit(1);
}

if (
  process.platform === 'linux' &&
  !process.env.DISPLAY &&
  !process.env.WAYLAND_DISPLAY &&
  !process.env.INCIDENT_ROOM_UNDER_XVFB
) {
  // Headless Linux: run under a virtual display when xvfb-run is installed.
  const xvfb = spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' });
  if (xvfb.error)
    notRun('there is no display and xvfb-run is not installed (apt-get install xvfb)');
  const rerun = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, INCIDENT_ROOM_UNDER_XVFB: '1' },
  });
  process.exit(rerun.status ?? 1);
}

const binary = electronBinary();
if (!binary) {
  notRun(
    'the Electron binary is not installed and could not be downloaded here (Electron fetches it from GitHub on first use)',
  );
}
const { buildElectron } = await import('./build-electron.mjs');
await buildElectron();
const binding = electronSqliteBinding();
if (!binding) notRun('better-sqlite3 could not be compiled for Electron (needs Electron headers)');

const result = spawnSync(
  process.execPath,
  [
    'node_modules/@playwright/test/cli.js',
    'test',
    '--config',
    'e2e/electron/playwright.electron.config.ts',
    ...process.argv.slice(2),
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      INCIDENT_ROOM_ELECTRON: binary,
      INCIDENT_ROOM_SQLITE_BINDING: binding,
    },
  },
);
process.exit(result.status ?? 1);
