/**
 * Flags for a headless system Chromium on these machines: no sandbox (tests run as root), no GPU,
 * and none of the background connections that a closed network refuses many times per start.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
