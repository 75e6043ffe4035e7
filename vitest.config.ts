import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code they prove; integration tests that start real relay
// processes or open real SQLite files are *.int.test.ts and get longer time limits.
// Playwright owns e2e/ and is run by scripts/run-e2e.mjs, not by Vitest.
export default defineConfig({
  test: {
    include: ['{shared,server,electron,renderer,bench,scripts,reliability}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Tests spawn the relay users run, from built JavaScript: built once, here, when stale.
    globalSetup: ['scripts/vitest-global-setup.mjs'],
    // The PDF export runs Chromium sandboxed, which Chromium refuses as root; tests here and in
    // CI run as root, so the test run opts out explicitly (electron/host/export/chromium-args.ts).
    env: process.getuid?.() === 0 ? { INCIDENT_ROOM_CHROMIUM_NO_SANDBOX: '1' } : {},
  },
});
