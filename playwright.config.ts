import { defineConfig } from '@playwright/test';
import { HEADLESS_CHROMIUM_ARGS } from './electron/host/export/chromium-args';

// Debian's Chromium, never a Playwright download (unreachable on these machines); see
// scripts/run-e2e.mjs, which finds it and builds the renderer first.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  // Each test starts a relay and one web-mode host per simulated user: two workers already fill
  // a 2-core machine.
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      args: [...HEADLESS_CHROMIUM_ARGS],
      // The test browser, not the PDF export's (which stays sandboxed): tests run as root here
      // and in CI, where Chromium will not start sandboxed. Playwright's default, said out loud.
      chromiumSandbox: false,
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
