import { describe, expect, it } from 'vitest';
import {
  CHROMIUM_NO_SANDBOX_ENV,
  PLAYWRIGHT_DISABLED_FEATURES,
  PRINTING_DISABLED_FEATURES,
  pdfChromiumLaunch,
} from './chromium-args';

describe('the PDF export’s Chromium launch', () => {
  it('is sandboxed by default: no --no-sandbox, and Playwright told not to add one', () => {
    for (const env of [{}, { [CHROMIUM_NO_SANDBOX_ENV]: '0' }, { [CHROMIUM_NO_SANDBOX_ENV]: '' }]) {
      const launch = pdfChromiumLaunch(env);
      expect(launch.args).not.toContain('--no-sandbox');
      expect(launch.chromiumSandbox).toBe(true);
    }
  });

  it('runs without the sandbox only when INCIDENT_ROOM_CHROMIUM_NO_SANDBOX=1 says so', () => {
    const launch = pdfChromiumLaunch({ [CHROMIUM_NO_SANDBOX_ENV]: '1' });
    expect(launch.args).toContain('--no-sandbox');
    expect(launch.chromiumSandbox).toBe(false);
  });

  it('passes one --disable-features, Playwright’s features and ours, in place of Playwright’s own', () => {
    for (const env of [{}, { [CHROMIUM_NO_SANDBOX_ENV]: '1' }]) {
      const launch = pdfChromiumLaunch(env);
      const flags = launch.args.filter((arg) => arg.startsWith('--disable-features='));
      expect(flags).toEqual([
        `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...PRINTING_DISABLED_FEATURES].join(',')}`,
      ]);
      expect(launch.ignoreDefaultArgs).toEqual([
        `--disable-features=${PLAYWRIGHT_DISABLED_FEATURES.join(',')}`,
      ]);
    }
  });
});
