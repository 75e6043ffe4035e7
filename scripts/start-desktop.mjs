// `npm start`: the desktop app. Builds the renderer and the shell, then launches Electron.
// Electron fetches its binary on first run; where that cannot happen (no network to its download
// host) or there is no display, say so in one sentence and point to web mode, which runs the
// same app in a browser.
import { spawnSync } from 'node:child_process';
import { electronBinary, electronSqliteBinding } from './electron-tools.mjs';

const WEB_HINT = 'run `npm run web` to use Incident Room in your browser instead.';

const hasDisplay =
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (!hasDisplay) {
  console.error(`incident-room: there is no display here (DISPLAY is not set); ${WEB_HINT}`);
  process.exit(1);
}
const binary = electronBinary();
if (!binary) {
  console.error(
    `incident-room: the Electron binary is not installed and could not be downloaded; ${WEB_HINT}`,
  );
  process.exit(1);
}
// Build the renderer and the shell (a few seconds), then the SQLite addon for Electron's ABI.
const { buildElectron } = await import('./build-electron.mjs');
try {
  await buildElectron();
} catch (error) {
  console.error(`incident-room: the desktop shell failed to build (${error.message}); ${WEB_HINT}`);
  process.exit(1);
}
const binding = electronSqliteBinding();
if (!binding) {
  console.error(
    `incident-room: better-sqlite3 could not be compiled for Electron (it needs Electron's headers from the network and a C++ toolchain); ${WEB_HINT}`,
  );
  process.exit(1);
}
const result = spawnSync(binary, ['.', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, INCIDENT_ROOM_SQLITE_BINDING: binding },
});
process.exit(result.status ?? 1);
