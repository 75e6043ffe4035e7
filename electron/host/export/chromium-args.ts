/**
 * How the PDF export starts its headless system Chromium. It prints room content someone else
 * wrote, so its renderer stays in Chromium's sandbox. Chromium refuses to start sandboxed as root;
 * only a run that says so explicitly (the test harness and CI, which run as root) turns the
 * sandbox off, with the variable below set to 1.
 */
export const CHROMIUM_NO_SANDBOX_ENV = 'INCIDENT_ROOM_CHROMIUM_NO_SANDBOX';

/**
 * Flags for a headless system Chromium on these machines: no GPU, and none of the background
 * connections that a closed network refuses many times per start. No `--no-sandbox` here: see
 * pdfChromiumLaunch.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The launch options for playwright-core's `chromium.launch`, as far as the sandbox goes. */
export interface ChromiumLaunch {
  readonly args: readonly string[];
  /** Playwright adds `--no-sandbox` itself unless this is true. */
  readonly chromiumSandbox: boolean;
}

/** Sandboxed, unless `INCIDENT_ROOM_CHROMIUM_NO_SANDBOX=1` in `env` opts out explicitly. */
export function pdfChromiumLaunch(
  env: Readonly<Record<string, string | undefined>>,
): ChromiumLaunch {
  if (env[CHROMIUM_NO_SANDBOX_ENV] === '1') {
    return { args: [...HEADLESS_CHROMIUM_ARGS, '--no-sandbox'], chromiumSandbox: false };
  }
  return { args: [...HEADLESS_CHROMIUM_ARGS], chromiumSandbox: true };
}
