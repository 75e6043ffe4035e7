import { spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_STAMP_FILE,
  readBuildStamp,
  rendererSourceHash,
  serializeBuildStamp,
} from './renderer-build-stamp';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run web` in a copy of the repository (sources copied, node_modules linked), so the test
 * neither reads nor rebuilds the dist/renderer other tests serve. Resolves with everything the
 * process printed once it prints its URL, then stops it.
 */
function startWebMode(root: string, dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(root, 'node_modules', '.bin', 'tsx'),
      ['electron/web/main.ts', '--port', '0', '--data', dataDir],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      if (/incident-room web: http:\/\/127\.0\.0\.1:\d+\//.test(output)) {
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('error', reject);
    child.on('exit', () => {
      if (/incident-room web: http:\/\//.test(output)) resolve(output);
      else reject(new Error(`web mode exited without printing its URL:\n${output}`));
    });
  });
}

describe('npm run web builds the renderer only when its sources changed', () => {
  let root: string;
  let outDir: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ir-build-on-start-'));
    for (const source of [
      'electron',
      'shared',
      'renderer',
      'templates',
      'vite.config.ts',
      'package.json',
      'package-lock.json',
      'tsconfig.base.json',
    ]) {
      cpSync(join(repoRoot, source), join(root, source), { recursive: true });
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    // A "build" of the sources as they are, without running Vite: the first start must serve it.
    outDir = join(root, 'dist', 'renderer');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'index.html'), '<!doctype html><title>previous build</title>\n');
    writeFileSync(
      join(outDir, BUILD_STAMP_FILE),
      serializeBuildStamp({ sourceHash: rendererSourceHash(root) }),
    );
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the current build as it is, and builds once after a renderer source changes', async () => {
    const builtAt = statSync(join(outDir, 'index.html')).mtimeMs;
    const first = await startWebMode(root, join(root, 'data'));
    expect(first).toContain('the renderer build is current');
    expect(first).not.toContain('building the renderer');
    expect(statSync(join(outDir, 'index.html')).mtimeMs).toBe(builtAt);
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toContain('previous build');

    // An edit to a test file is not in the bundle: still no build.
    appendFileSync(join(root, 'shared', 'util', 'utc-time.test.ts'), '\n// edited\n');
    expect(await startWebMode(root, join(root, 'data'))).not.toContain('building the renderer');

    appendFileSync(join(root, 'renderer', 'src', 'app.tsx'), '\n// a change to the renderer\n');
    const afterEdit = await startWebMode(root, join(root, 'data'));
    expect(afterEdit).toContain('building the renderer (the renderer sources changed)');
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).not.toContain('previous build');
    expect(readBuildStamp(outDir)).toEqual({ sourceHash: rendererSourceHash(root) });
  }, 120_000);
});
