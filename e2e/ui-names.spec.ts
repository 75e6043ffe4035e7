import { mkdirSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { expect, test } from './fixtures';
import { spawnWebHost, type WebHost } from './support/spawn-web-host';
import { declareRoom, joinRoom, logEntry, timelineEntry } from './ui-steps';

const TITLE = 'Checkout 500s after deploy';

/**
 * A person on a fresh data folder who was never given a name (no `--name`), as the README's
 * newcomer and every desktop user start. The fixture's users all get a name, so this one is
 * started here, with its own host process and browser context, and stopped by the caller.
 */
async function openNamelessUser(browser: Browser, dataDir: string, relayUrl: string) {
  mkdirSync(dataDir, { recursive: true });
  let host: WebHost = await spawnWebHost({ dataDir, relayUrl });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(host.url);
  return {
    context,
    page,
    /** Restarts the host on the same data folder and port (still without `--name`), reloads. */
    restartHost: async () => {
      const port = Number(new URL(host.url).port);
      await host.stop();
      host = await spawnWebHost({ dataDir, relayUrl, port });
      await page.goto(host.url);
    },
    stop: async () => {
      try {
        await context.close();
      } finally {
        await host.stop();
      }
    },
  };
}

test('a fresh user is asked their name and usual role; the room offers that role while vacant; the name shows in presence and on entries; a rename in Settings is logged', async ({
  browser,
  openUser,
  relay,
}, testInfo) => {
  test.setTimeout(180_000);
  const fresh = await openNamelessUser(browser, testInfo.outputPath('nameless'), relay.url);
  try {
    const page = fresh.page;
    // Asked first, before the room list; never shown as the OS user.
    const ask = page.getByRole('form', { name: 'Your name' });
    await expect(ask.getByRole('heading', { name: 'Who is this?' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Incident Room' })).toHaveCount(0);
    await ask.getByRole('button', { name: 'Continue' }).click();
    await expect(ask.getByRole('alert')).toHaveText('Type your name as teammates know it.');
    await ask.getByRole('textbox', { name: 'Your name' }).fill('Avery');
    // The usual role is optional: none unless picked.
    const usualRole = ask.getByRole('combobox', { name: 'Your usual role' });
    await expect(usualRole.locator('option:checked')).toHaveText('No usual role');
    await usualRole.selectOption({ label: 'Communications lead' });
    await ask.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('button', { name: 'Settings: you are Avery' })).toBeVisible();

    await declareRoom(page, { title: TITLE, severity: 'SEV1' });
    // Declaring made Avery the IC; comms is vacant, so the room offers it, and takes nothing itself.
    const offer = page.getByRole('button', {
      name: 'Take Communications lead role (your usual role)',
    });
    await expect(offer).toBeVisible();
    await expect(timelineEntry(page, 'Communications lead: Avery')).toHaveCount(0);
    await offer.click();
    await expect(timelineEntry(page, 'Communications lead: Avery')).toBeVisible();
    await expect(offer).toHaveCount(0);
    await logEntry(page, 'Rolled back checkout to 4.2.0');
    await expect(timelineEntry(page, 'Rolled back checkout to 4.2.0')).toContainText('Avery');

    // A teammate joins and sees Avery by name, in presence and on the entry.
    await fresh.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy invite' }).first().click();
    await expect(page.getByRole('status').filter({ hasText: /invite copied/i })).toBeVisible();
    const invite = await page.evaluate<string>('navigator.clipboard.readText()');
    const priya = await openUser('Priya');
    await joinRoom(priya.page, invite, TITLE);
    const people = priya.page.getByRole('list', { name: 'People in the room' });
    await expect(people.getByRole('listitem', { name: /^Avery\b/ })).toBeVisible();
    await expect(timelineEntry(priya.page, 'Rolled back checkout to 4.2.0')).toContainText('Avery');

    // Renaming in Settings: the room logs it, and presence follows.
    await page.getByRole('button', { name: 'Settings: you are Avery' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('textbox', { name: 'Your name' }).fill('Avery Chen');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Settings: you are Avery Chen' })).toBeVisible();
    for (const window of [page, priya.page]) {
      await expect(timelineEntry(window, 'Avery is now known as Avery Chen')).toContainText(
        'Avery Chen',
      );
    }
    await expect(people.getByRole('listitem', { name: /^Avery Chen\b/ })).toBeVisible();

    // The name is kept in the data folder: after a restart nobody is asked again.
    await fresh.restartHost();
    await expect(page.getByRole('button', { name: 'Settings: you are Avery Chen' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Your name' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Settings: you are Avery Chen' }).click();
    await expect(
      page
        .getByRole('dialog', { name: 'Settings' })
        .getByRole('combobox', { name: 'Your usual role' }),
    ).toHaveValue('comms');
  } finally {
    await fresh.stop();
  }
});
