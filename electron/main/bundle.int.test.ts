/**
 * The BUILT shell, run in plain Node with `electron` swapped for a recording stub
 * (testing/electron-stub.mjs): proves the esbuild bundle loads as ESM (its CommonJS dependencies,
 * the SQLite shim, the host), starts, hardens every window, serves the renderer over app:// with
 * the CSP and refuses paths outside it, and shuts down cleanly. What it cannot prove without the
 * binary (real windows, the preload in a sandbox) is the `_electron` e2e's job.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

beforeAll(async () => {
  const script = join(root, 'scripts', 'build-electron.mjs');
  const { buildElectron } = (await import(script)) as {
    buildElectron: (options: { renderer: boolean }) => Promise<void>;
  };
  await buildElectron({ renderer: false });
  dir = mkdtempSync(join(tmpdir(), 'shell-bundle-'));
  mkdirSync(join(dir, 'app', 'dist', 'renderer'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'app', 'dist', 'renderer', 'index.html'), '<title>bundle test</title>');
  writeFileSync(join(dir, 'app', 'package.json'), '{"secret": true}');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface StubReport {
  privileged: Array<{ scheme: string }>;
  protocols: string[];
  windows: Array<{ url: string; webPreferences: Record<string, unknown> }>;
  ipc: string[];
  responses: Record<string, { status: number; csp: string | null; body: string | null }>;
  quit: boolean;
}

it('the built main.js starts, serves app:// safely and quits cleanly', () => {
  const register = join(root, 'electron', 'main', 'testing', 'electron-stub-register.mjs');
  const run = spawnSync(
    process.execPath,
    ['--import', register, join(root, 'dist-electron', 'main.js')],
    {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        ...process.env,
        INCIDENT_ROOM_USER_DATA: join(dir, 'data'),
        STUB_APP_PATH: join(dir, 'app'),
        INCIDENT_ROOM_SQLITE_BINDING: '',
      },
    },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('STUB-REPORT '));
  expect(line, run.stderr).toBeDefined();
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(line!.slice('STUB-REPORT '.length)) as StubReport;
  expect(report.privileged.map((scheme) => scheme.scheme)).toEqual(['app']);
  expect(report.protocols).toEqual(['app']);
  expect(report.ipc).toEqual(['incident-room:connect-host']);
  expect(report.windows).toHaveLength(1);
  expect(report.windows[0]!.url).toBe('app://renderer/index.html');
  expect(report.windows[0]!.webPreferences).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
  });
  const index = report.responses['app://renderer/']!;
  expect(index).toEqual({
    status: 200,
    csp: CONTENT_SECURITY_POLICY,
    body: '<title>bundle test</title>',
  });
  expect(report.responses['app://renderer/%2e%2e/%2e%2e/package.json']!.body).toBeNull();
  expect(report.responses['app://x/']!.status).toBe(403);
  expect(report.quit).toBe(true);
}, 60_000);
