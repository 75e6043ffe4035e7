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

/**
 * The features playwright-core (1.65) disables in every Chromium it launches, its one
 * `--disable-features=` flag (server/chromium/chromiumSwitches.ts). Chromium reads only the last
 * `--disable-features` on its command line, so ours must repeat these; chromium-args.int.test.ts
 * launches Chromium with Playwright's defaults and fails when this list falls behind them.
 */
export const PLAYWRIGHT_DISABLED_FEATURES: readonly string[] = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Features a printing Chromium never uses and pays for at every launch: headless Chromium 156
 * starts a WebUI renderer for the omnibox popup (`--top-chrome-webui`) that no headless page
 * shows, 1.1-1.3 s of CPU during a 10,000-entry export at load 5-6, on the cores the printing
 * renderers need. It starts unless all three omnibox features are off (measured: with
 * WebUIOmniboxPopup and WebUIOmniboxFullPopup off it still does); PreloadTopChromeWebUI is such
 * preloading in general. Launch → first PDF, 9 runs alternated: Chromium CPU 1.44 → 1.08 s.
 */
export const PRINTING_DISABLED_FEATURES: readonly string[] = [
  'PreloadTopChromeWebUI',
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
];

const disableFeatures = (features: readonly string[]) => `--disable-features=${features.join(',')}`;

/** The launch options for playwright-core's `chromium.launch` that the PDF export sets. */
export interface ChromiumLaunch {
  readonly args: readonly string[];
  /** Playwright adds `--no-sandbox` itself unless this is true. */
  readonly chromiumSandbox: boolean;
  /**
   * Playwright's own `--disable-features` flag, left out: `args` has one with its features and
   * ours, which would be dropped if Playwright's came after it (only the last one counts).
   */
  readonly ignoreDefaultArgs: readonly string[];
}

/** Sandboxed, unless `INCIDENT_ROOM_CHROMIUM_NO_SANDBOX=1` in `env` opts out explicitly. */
export function pdfChromiumLaunch(
  env: Readonly<Record<string, string | undefined>>,
): ChromiumLaunch {
  const features = {
    args: [disableFeatures([...PLAYWRIGHT_DISABLED_FEATURES, ...PRINTING_DISABLED_FEATURES])],
    ignoreDefaultArgs: [disableFeatures(PLAYWRIGHT_DISABLED_FEATURES)],
  };
  if (env[CHROMIUM_NO_SANDBOX_ENV] === '1') {
    return {
      args: [...HEADLESS_CHROMIUM_ARGS, ...features.args, '--no-sandbox'],
      chromiumSandbox: false,
      ignoreDefaultArgs: features.ignoreDefaultArgs,
    };
  }
  return {
    args: [...HEADLESS_CHROMIUM_ARGS, ...features.args],
    chromiumSandbox: true,
    ignoreDefaultArgs: features.ignoreDefaultArgs,
  };
}
