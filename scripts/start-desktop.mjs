// `npm start`: the desktop app. Electron fetches its binary on first run; where that cannot
// happen (no network to its download host) or there is no display, say so in one sentence and
// point to web mode, which runs the same app in a browser.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
if (!existsSync('dist-electron/main.js')) {
  console.error(
    `incident-room: the desktop shell is not built yet (see the open issues); ${WEB_HINT}`,
  );
  process.exit(1);
}
const result = spawnSync(binary, ['.'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
