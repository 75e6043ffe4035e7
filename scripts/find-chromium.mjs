// Where the end-to-end tests find a browser: CHROMIUM_PATH if set, else Debian's Chromium, else a
// Playwright-managed browser if one was downloaded (on machines where that download works).
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean);

export function findChromium() {
  return candidates.find((path) => existsSync(path)) ?? null;
}
