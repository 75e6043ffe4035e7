// `npm run build:electron`: the renderer (vite → dist/renderer) and the shell (esbuild →
// dist-electron/main.js as ESM, dist-electron/preload.cjs as CommonJS, because a sandboxed
// preload cannot load ES modules). Nothing here needs the Electron binary.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronSqlite = fileURLToPath(
  new URL('../electron/main/sqlite/electron-sqlite.ts', import.meta.url),
);
const noHeadlessChromium = fileURLToPath(
  new URL('../electron/main/export/no-headless-chromium.ts', import.meta.url),
);
const skipRenderer = process.argv.includes('--shell-only');

/**
 * The host imports better-sqlite3; in the shell those imports go through electron-sqlite.ts,
 * which can load an Electron-ABI build of the addon (see that file). The shim itself imports
 * the real package, which stays external (a native addon cannot be bundled).
 */
const desktopAliases = {
  name: 'desktop-aliases',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^better-sqlite3$/ }, (args) =>
      args.importer === electronSqlite
        ? { path: 'better-sqlite3', external: true }
        : { path: electronSqlite },
    );
    pluginBuild.onResolve({ filter: /^playwright-core$/ }, () => ({ path: noHeadlessChromium }));
  },
};

export async function buildElectron({ renderer = true } = {}) {
  if (renderer) {
    const { build: viteBuild } = await import('vite');
    await viteBuild({
      root: `${root}renderer`,
      configFile: `${root}vite.config.ts`,
      logLevel: 'warn',
    });
  }
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await build({
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist-electron/main.js',
    format: 'esm',
    // Optional native speed-ups of ws are not installed; ws works without them.
    external: ['electron', 'bufferutil', 'utf-8-validate'],
    plugins: [desktopAliases],
    // Bundled CommonJS dependencies call require() for node built-ins.
    banner: {
      js: "import { createRequire as __irCreateRequire } from 'node:module'; const require = __irCreateRequire(import.meta.url);",
    },
  });
  await build({
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: 'dist-electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildElectron({ renderer: !skipRenderer });
  console.log('built dist/renderer and dist-electron/ (main.js, preload.cjs)');
}
