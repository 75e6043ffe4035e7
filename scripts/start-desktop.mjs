// `npm start`: the desktop app. Builds the renderer and the shell, then launches Electron.
// Electron fetches its binary on first run; where that cannot happen (no network to its download
// host) or there is no display, say so in one sentence and point to web mode, which runs the
// same app in a browser.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const WEB_HINT = 'run `npm run web` to use Incident Room in your browser instead.';

function electronBinary() {
  const electronDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (relative && existsSync(join(electronDir, 'dist', relative)))
    return join(electronDir, 'dist', relative);
  // First run: let Electron's own installer fetch the binary, bounded so a closed network fails fast.
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  const fetched = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (install.status === 0 && fetched && existsSync(join(electronDir, 'dist', fetched))) {
    return join(electronDir, 'dist', fetched);
  }
  return null;
}

/**
 * node_modules/better-sqlite3 is compiled for Node (tests and web mode need that build), so the
 * shell loads its own copy compiled for Electron, kept in node_modules/.cache and rebuilt only
 * when the Electron or better-sqlite3 version changes. Never rebuilt in place.
 */
function electronSqliteBinding() {
  const electronVersion = JSON.parse(
    readFileSync(require.resolve('electron/package.json'), 'utf8'),
  ).version;
  const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
  const copy = join(
    'node_modules',
    '.cache',
    'incident-room',
    `better-sqlite3-${sqliteVersion}-electron-${electronVersion}`,
  );
  const addon = join(copy, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(addon)) return join(process.cwd(), addon);
  rmSync(copy, { recursive: true, force: true });
  cpSync(sqliteDir, copy, {
    recursive: true,
    filter: (source) => !source.includes(`${sqliteDir}/build`),
  });
  console.log(
    `incident-room: compiling better-sqlite3 for Electron ${electronVersion} (once, about a minute)`,
  );
  // npm passes its `nodedir` setting (Node's headers) to node-gyp; Electron needs its own.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.toLowerCase() !== 'npm_config_nodedir'),
  );
  const gyp = spawnSync(
    process.execPath,
    [
      require.resolve('node-gyp/bin/node-gyp.js'),
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
    ],
    { cwd: copy, stdio: 'inherit', env, timeout: 600_000 },
  );
  return gyp.status === 0 && existsSync(addon) ? join(process.cwd(), addon) : null;
}

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
