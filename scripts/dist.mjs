// `npm run dist [-- --linux|--mac|--win ...]`: installers in release/.
//
// Builds the renderer and the shell, then stages the app in a temporary folder OUTSIDE the
// repository: a package.json whose only dependency is the native SQLite addon (everything else
// is in the main bundle), the bundles, templates/ and build/ (icons, NSIS include). It installs
// that dependency there and runs electron-builder there, which rebuilds it for Electron.
//
// Why outside: electron-builder rebuilds native modules wherever module resolution finds them;
// run on the repository (or a folder inside it) it rebuilds the repository's own better-sqlite3
// for Electron, and the tests and web mode, which need the Node build, stop working.
// Packaging downloads Electron and its headers: it needs the network (see docs/DESKTOP.md).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const electronVersion = JSON.parse(
  readFileSync('node_modules/electron/package.json', 'utf8'),
).version;

let stage = null;

function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`incident-room dist: \`${command} ${args.join(' ')}\` failed`);
    if (stage) rmSync(stage, { recursive: true, force: true });
    process.exit(result.status ?? 1);
  }
}

await buildElectron();

stage = mkdtempSync(join(tmpdir(), 'incident-room-dist-'));
for (const folder of ['dist-electron', 'dist/renderer', 'templates', 'build']) {
  cpSync(folder, join(stage, folder), { recursive: true });
}
writeFileSync(
  join(stage, 'package.json'),
  JSON.stringify(
    {
      name: pkg.name,
      version: pkg.version,
      description: pkg.description,
      author: pkg.author ?? 'Incident Room authors',
      license: pkg.license ?? 'UNLICENSED',
      type: 'module',
      main: 'dist-electron/main.js',
      dependencies: { 'better-sqlite3': pkg.dependencies['better-sqlite3'] },
      devDependencies: { electron: electronVersion },
    },
    null,
    2,
  ) + '\n',
);
// Sources only: electron-builder compiles the addon for Electron next.
run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], stage);
run(
  process.execPath,
  [
    join(root, 'node_modules/electron-builder/cli.js'),
    '--projectDir',
    stage,
    '--config',
    join(root, 'electron-builder.config.ts'),
    '--publish',
    'never',
    ...process.argv.slice(2),
  ],
  stage,
);
rmSync(join(root, 'release'), { recursive: true, force: true });
if (existsSync(join(stage, 'release')))
  cpSync(join(stage, 'release'), join(root, 'release'), { recursive: true });
rmSync(stage, { recursive: true, force: true });
console.log('incident-room dist: installers are in release/');
