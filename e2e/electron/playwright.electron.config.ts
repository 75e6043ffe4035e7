import { defineConfig } from '@playwright/test';

// The desktop e2e: Playwright's `_electron` drives the real shell (dist-electron/main.js) with
// the Electron binary. Run it with `npm run test:electron` (scripts/run-electron-e2e.mjs), which
// finds the binary, builds the shell and says clearly when it cannot run. Files end in
// `.electron.ts` so the web-mode config (`**/*.spec.ts` under e2e/) never picks them up.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.electron.ts',
  outputDir: '../../test-results/electron',
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  forbidOnly: true,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
