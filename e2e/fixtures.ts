import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Browser, BrowserContext, ConsoleMessage, Page } from '@playwright/test';
import { spawnRelay } from '../server/testing/spawn-relay';
import type { SpawnedRelay } from '../server/testing/spawn-relay';
import { spawnWebHost } from './support/spawn-web-host';
import type { WebHost } from './support/spawn-web-host';

/**
 * A simulated person: their own web-mode host process (own data folder, own SQLite files), their
 * own browser context, one page on their host's URL.
 */
export interface SimulatedUser {
  readonly name: string;
  readonly host: WebHost;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Restarts the host process on the same data folder (and port) and reloads the page. */
  restartHost(options?: { crash?: boolean }): Promise<void>;
}

/** The relay's team key in every e2e run: people opened with `teamKey: true` get it too. */
export const E2E_TEAM_KEY = 'e2e-team-key-0123456789abcdef';

/** The relay's one alert source in every e2e run: an Alertmanager sending a bearer token. */
export const E2E_ALERTMANAGER = {
  sourceId: 'prod-alertmanager',
  token: 'e2e-alertmanager-token-0123456789',
} as const;

const E2E_ALERT_SOURCES = `sources:
  - id: ${E2E_ALERTMANAGER.sourceId}
    kind: alertmanager
    authorization: { type: Bearer, credentials: ${E2E_ALERTMANAGER.token} }
routes:
  - name: paging alerts
    match: { severity: { regex: critical|warning } }
    severityMap: { critical: SEV1, warning: SEV3 }
    page: [ic, ops]
`;

/**
 * Console errors from outside this project that a test cannot prevent, each with why it is
 * allowed. Empty: every console error and uncaught page error so far had a cause in our code or
 * our pages (a missing icon, a send on a closed socket), and was fixed there, not listed here.
 */
const ALLOWED_CONSOLE_ERRORS: ReadonlyArray<{ pattern: RegExp; why: string }> = [];

/**
 * Collects every `console.error` and uncaught error of a person's pages: a page that logs an
 * error is a defect even when the test's own assertions pass. Listens on the context, so pages a
 * test opens later are heard too, and from before the first navigation, so the first load is.
 */
function collectPageErrors(context: BrowserContext, name: string, errors: string[]): void {
  const where = (message: ConsoleMessage) => {
    const { url, lineNumber } = message.location();
    return url ? ` (${url.replace(/\?token=[^#]*/, '')}:${lineNumber})` : '';
  };
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (ALLOWED_CONSOLE_ERRORS.some(({ pattern }) => pattern.test(text))) return;
    errors.push(`${name}: console.error: ${text}${where(message)}`);
  });
  context.on('weberror', (webError) => {
    const error = webError.error();
    errors.push(`${name}: uncaught page error: ${error.stack ?? error.message}`);
  });
}

interface Fixtures {
  /**
   * One relay process on 127.0.0.1 with its own data folder, the team key E2E_TEAM_KEY and the
   * alert source E2E_ALERTMANAGER.
   */
  relay: SpawnedRelay;
  /** Starts a simulated user; every user is stopped when the test ends. */
  openUser: (
    name: string,
    options?: { relay?: boolean; teamKey?: boolean },
  ) => Promise<SimulatedUser>;
}

async function startUser(
  browser: Browser,
  root: string,
  name: string,
  relayUrl: string | undefined,
  teamKey: string | undefined,
  pageErrors: string[],
): Promise<{ user: SimulatedUser; stop: () => Promise<void> }> {
  const dataDir = join(root, name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  mkdirSync(dataDir, { recursive: true });
  const hostOptions = {
    dataDir,
    name,
    ...(relayUrl ? { relayUrl } : {}),
    ...(teamKey ? { teamKey } : {}),
  };
  let host = await spawnWebHost(hostOptions);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  collectPageErrors(context, name, pageErrors);
  const page = await context.newPage();
  await page.goto(host.url);
  const user: SimulatedUser = {
    name,
    get host() {
      return host;
    },
    context,
    page,
    async restartHost(options = {}) {
      const port = Number(new URL(host.url).port);
      await (options.crash ? host.kill() : host.stop());
      host = await spawnWebHost({ ...hostOptions, port });
      await page.goto(host.url);
    },
  };
  return {
    user,
    stop: async () => {
      // The host must stop even when closing the browser context fails (e.g. a trace file
      // vanished): a leftover host process would outlive the test run.
      try {
        await context.close();
      } finally {
        await host.stop();
      }
    },
  };
}

export const test = base.extend<Fixtures>({
  // Playwright reads a fixture's dependencies from its first parameter's destructuring pattern,
  // so "no dependencies" has to be written as an empty pattern.
  // eslint-disable-next-line no-empty-pattern
  relay: async ({}, use, testInfo) => {
    const dataDir = testInfo.outputPath('relay-data');
    mkdirSync(dataDir, { recursive: true });
    const alertSources = testInfo.outputPath('alert-sources.yaml');
    writeFileSync(alertSources, E2E_ALERT_SOURCES);
    const relay = await spawnRelay({
      dataDir,
      env: { RELAY_TEAM_KEY: E2E_TEAM_KEY, RELAY_ALERT_SOURCES: alertSources },
    });
    await use(relay);
    await relay.stop();
  },
  openUser: async ({ browser, relay }, use, testInfo) => {
    const stops: Array<() => Promise<void>> = [];
    const pageErrors: string[] = [];
    await use(async (name, options = {}) => {
      const started = await startUser(
        browser,
        testInfo.outputPath('users'),
        name,
        options.relay === false ? undefined : relay.url,
        options.teamKey && options.relay !== false ? E2E_TEAM_KEY : undefined,
        pageErrors,
      );
      stops.push(started.stop);
      return started.user;
    });
    const results = await Promise.allSettled(stops.map((stop) => stop()));
    const failed = results.find((result) => result.status === 'rejected');
    // The pages' errors first: a failed stop (a vanished trace file) must not hide them.
    if (failed && pageErrors.length === 0) throw failed.reason;
    if (pageErrors.length > 0) {
      throw new Error(
        `The pages logged ${pageErrors.length} error(s); fix the cause (or, if it is truly ` +
          `external, allow it in e2e/fixtures.ts ALLOWED_CONSOLE_ERRORS, saying why):\n` +
          pageErrors.join('\n'),
      );
    }
  },
});

export { expect };
