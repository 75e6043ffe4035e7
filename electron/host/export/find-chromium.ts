import { existsSync } from 'node:fs';

/**
 * The Chromium that prints PDFs outside the desktop app (where Electron's printToPDF does it):
 * CHROMIUM_PATH if set, else the usual system locations.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!)) ?? null;
}
