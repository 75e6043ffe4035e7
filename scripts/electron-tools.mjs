// Shared by `npm start` and `npm run test:electron`: finding (or fetching) the Electron binary,
// and the Electron-ABI build of better-sqlite3 the shell loads in development.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The installed binary, or null; `download` lets Electron's installer try to fetch it first. */
export function electronBinary({ download = true } = {}) {
  const electronDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (relative && existsSync(join(electronDir, 'dist', relative)))
    return join(electronDir, 'dist', relative);
  if (!download) return null;
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
export function electronSqliteBinding() {
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
