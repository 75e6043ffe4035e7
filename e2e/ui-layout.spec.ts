import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { copyInvite, joinRoom, logEntry, timelineEntry } from './ui-steps';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

test('screenshots: the room list, a busy room in dark and light, the status panel', async ({
  openUser,
}) => {
  test.setTimeout(300_000);
  mkdirSync(ARTIFACTS, { recursive: true });
  const ic = await openUser('Avery');
  const page = ic.page;
  await page.getByRole('textbox', { name: 'Title' }).fill('Search latency in eu-west');
  await page.getByRole('combobox', { name: 'Severity' }).selectOption('SEV3');
  await page.getByRole('button', { name: 'Declare incident' }).click();
  await page.getByRole('button', { name: 'Back to rooms' }).click();
  await page.getByRole('textbox', { name: 'Title' }).fill('payments-api elevated checkout errors');
  await page.getByRole('combobox', { name: 'Severity' }).selectOption('SEV1');
  await page.getByRole('combobox', { name: 'Incident type' }).selectOption('bad-deploy');
  await page.getByRole('textbox', { name: 'Affected service' }).fill('payments-api');
  await page.getByRole('button', { name: 'Declare incident' }).click();
  // In the room, not still on the list, whose cards have "Copy invite to …" buttons too.
  await expect(
    page.getByRole('heading', { level: 1, name: 'payments-api elevated checkout errors' }),
  ).toBeVisible();
  const invite = await copyInvite(ic);
  await page.getByRole('button', { name: 'Back to rooms' }).click();
  await expect(page.getByRole('list', { name: 'Recent rooms' }).getByRole('listitem')).toHaveCount(
    2,
  );
  await page.screenshot({ path: `${ARTIFACTS}room-list.png` });

  await page
    .getByRole('button', { name: 'Open room payments-api elevated checkout errors' })
    .click();
  const scribe = await openUser('Priya');
  await joinRoom(scribe.page, invite, 'payments-api elevated checkout errors');
  await scribe.page.getByRole('tab', { name: 'Roles' }).click();
  await scribe.page.getByRole('button', { name: 'Take Scribe role' }).click();
  const minutesAgo = (minutes: number) =>
    new Date(Date.now() - minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  const lines: Array<[string, string, number]> = [
    ['alert', 'Alert: checkout 5xx above 5% for 5 minutes', 14],
    ['observation', 'p99 latency 4.2 s on payments-api, normally 300 ms', 12],
    ['observation', 'DB connection pool saturated: 10 of 10 in use on every pod', 10],
    ['action', 'Jane scaling payments-api from 6 to 12 pods', 9],
    ['observation', 'Scaling did not help: each pod still capped at 10 connections', 7],
    ['comms', 'Support warned to expect failed-checkout tickets', 6],
    ['note', 'Deploy at the start of impact bumped pgpool 2.3.1 → 2.4.0', 5],
    ['observation', 'pgpool 2.4.0 lowered the default pool size from 100 to 10', 3],
  ];
  for (const [kind, text, ago] of lines)
    await logEntry(scribe.page, text, { kind, at: minutesAgo(ago) });
  await timelineEntry(page, 'pgpool 2.4.0 lowered')
    .getByRole('button', { name: /^Pin entry/ })
    .click();
  await page.getByRole('textbox', { name: 'Proposal' }).fill('Roll back payments-api to v2.13');
  await page.getByRole('textbox', { name: 'Why' }).fill('v2.14 carries the pgpool bump');
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  await scribe.page.getByRole('tab', { name: /Decisions/ }).click();
  await scribe.page
    .getByRole('textbox', { name: 'Proposal' })
    .fill('Fail over the primary database');
  await scribe.page.getByRole('button', { name: 'Propose', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Decisions (2 pending)' })).toBeVisible();
  await expect(timelineEntry(page, 'pgpool 2.4.0 lowered')).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}busy-room-dark.png` });

  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Command' }).fill('light');
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: `${ARTIFACTS}busy-room-light.png` });

  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Command' }).fill('dark');
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: /Status update/ }).click();
  await page.getByRole('button', { name: 'Insert investigating template' }).click();
  await page.getByRole('button', { name: 'Request review' }).click();
  await page.getByRole('button', { name: 'Approve update' }).click();
  await page.getByRole('button', { name: 'Publish update' }).click();
  await page.getByRole('textbox', { name: 'Status update draft' }).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nUpdate: we are rolling back the deploy.');
  await expect(page.getByRole('status', { name: 'Review state' })).toContainText('Draft');
  await page.screenshot({ path: `${ARTIFACTS}status-panel.png` });
});
