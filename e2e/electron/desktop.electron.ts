/**
 * The desktop app end to end: launch the real shell, open (declare) a room, log an entry, and
 * prove navigation and new windows are refused and the page has no Node. Then quit and relaunch
 * on the same data folder: the entry is still there (the shell flushed SQLite on quit).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { declareRoom, logEntry } from '../ui-steps';

// The repository folder: its package.json `main` is dist-electron/main.js, so app.getAppPath()
// is the repository, as with `npm start`.
const APP_DIR = process.cwd();

function electronPath(): string {
  const path = process.env.INCIDENT_ROOM_ELECTRON;
  if (!path) {
    throw new Error(
      'INCIDENT_ROOM_ELECTRON is not set: run this through `npm run test:electron`, which finds the Electron binary (and says why not, where there is none).',
    );
  }
  return path;
}

function launch(userData: string): Promise<ElectronApplication> {
  return electron.launch({
    executablePath: electronPath(),
    args: [APP_DIR],
    env: { ...process.env, INCIDENT_ROOM_USER_DATA: userData },
  });
}

let userData: string;
test.beforeEach(() => {
  userData = mkdtempSync(join(tmpdir(), 'ir-desktop-e2e-'));
  // A named profile, so the app opens on the room list rather than the name prompt.
  writeFileSync(
    join(userData, 'profile.json'),
    JSON.stringify({ id: 'e2e-dana', name: 'Dana', colour: '#0090ff' }),
  );
});
test.afterEach(() => rmSync(userData, { recursive: true, force: true }));

test('launch, open a room, log an entry; navigation and new windows refused', async () => {
  const app = await launch(userData);
  const page = await app.firstWindow();
  expect(page.url()).toMatch(/^app:\/\/renderer\/index\.html/);

  await declareRoom(page, { title: 'Checkout 500s', severity: 'SEV2' });
  await logEntry(page, 'Rolled back deploy 8812');
  await expect(page.getByText('Rolled back deploy 8812')).toBeVisible();

  // The page has no Node and only the named preload API.
  expect(await page.evaluate<string>('typeof require')).toBe('undefined');
  expect(await page.evaluate<string>('typeof process')).toBe('undefined');
  expect(await page.evaluate<string[]>('Object.keys(window.incidentRoomDesktop).sort()')).toEqual([
    'connectHost',
    'platform',
  ]);

  // Navigation is refused: the window stays on our page.
  const before = page.url();
  await page.evaluate<void>("void (window.location.href = 'https://example.com/')");
  await page.evaluate<void>("void (window.location.href = 'file:///etc/hosts')");
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  await expect(page.getByText('Rolled back deploy 8812')).toBeVisible();

  // New windows are refused.
  expect(await page.evaluate<boolean>("window.open('https://example.com/') === null")).toBe(true);
  await page.waitForTimeout(300);
  expect(app.windows()).toHaveLength(1);

  // Remote content is not loaded.
  expect(
    await page.evaluate<string>(
      "fetch('https://example.com/').then(() => 'loaded', () => 'refused')",
    ),
  ).toBe('refused');

  await app.close();

  // Quit flushed everything: a fresh launch on the same data folder shows the entry.
  const again = await launch(userData);
  const reopened = await again.firstWindow();
  await reopened.getByRole('button', { name: /^Open room Checkout 500s, / }).click();
  await expect(reopened.getByText('Rolled back deploy 8812')).toBeVisible();
  await again.close();
});
