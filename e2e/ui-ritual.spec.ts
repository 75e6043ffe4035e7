import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  copyInvite,
  holderField,
  holderOption,
  joinRoom,
  presenceOf,
  timelineEntry,
} from './ui-steps';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Counts what the person does (clicks, typed fields, key presses) so the ritual can be measured. */
function interactions() {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async click(locator: Locator) {
      count++;
      await locator.click();
    },
    async fill(locator: Locator, text: string) {
      count++;
      await locator.fill(text);
    },
    async select(locator: Locator, value: string) {
      count++;
      await locator.selectOption(value);
    },
    async press(locator: Locator, key: string) {
      count++;
      await locator.press(key);
    },
  };
}

/** The most the IC may need, declare to published (issue 22); each one is seconds at 3 AM. */
const MAX_IC_INTERACTIONS = 15;

test('the opening ritual: declare a SEV1, invite two people, give them roles, publish the first update', async ({
  openUser,
}, testInfo) => {
  // Several hosts, a relay and Chromium on a 2-core machine: more than the default budget.
  test.setTimeout(300_000);
  const title = 'Checkout down for all customers';
  const [ic, jane, bob] = await Promise.all([openUser('Avery'), openUser('Jane'), openUser('Bob')]);
  const page = ic.page;
  await expect(page.getByRole('heading', { name: 'Declare an incident' })).toBeVisible();
  // Only the IC's steps are counted: joining is the others' work, done at the same time.
  const act = interactions();
  const started = Date.now();

  await act.fill(page.getByRole('textbox', { name: 'Title' }), title);
  await act.select(page.getByRole('combobox', { name: 'Severity' }), 'SEV1');
  await act.click(page.getByRole('button', { name: 'Declare incident' }));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  const invite = await copyInvite(ic, 'write', (button) => act.click(button));
  await Promise.all([joinRoom(jane.page, invite, title), joinRoom(bob.page, invite, title)]);
  // Roles go to people who are here, so the IC waits until they show as present.
  await expect(presenceOf(page, 'Jane')).toBeVisible();
  await expect(presenceOf(page, 'Bob')).toBeVisible();

  await act.click(page.getByRole('tab', { name: 'Roles' }));
  for (const [role, name] of [
    ['Operations lead', 'Jane'],
    ['Communications lead', 'Bob'],
  ] as const) {
    await act.click(holderField(page, role));
    await act.click(holderOption(page, role, name));
    await expect(page.getByRole('listitem', { name: role, exact: true })).toContainText(name);
  }
  // The scribe has not joined yet: a typed name, recorded as typed.
  const scribe = holderField(page, 'Scribe');
  await act.fill(scribe, 'Priya');
  await act.press(scribe, 'Enter');
  await expect(page.getByRole('listitem', { name: 'Scribe', exact: true })).toContainText('Priya');

  // The IC writes the first update and approves it in one action; nobody is asked to review.
  await act.click(page.getByRole('tab', { name: /Status update/ }));
  await act.fill(
    page.getByRole('textbox', { name: 'Status update draft' }),
    'Checkout is failing for all customers. We are investigating; next update in 30 minutes.',
  );
  await act.click(page.getByRole('button', { name: 'Approve update' }));
  await act.click(page.getByRole('button', { name: 'Publish update' }));
  await expect(page.getByRole('listitem', { name: /Published update at/ })).toBeVisible();
  const seconds = (Date.now() - started) / 1000;

  for (const text of [
    'Incident commander: Avery',
    'Operations lead: Jane',
    'Communications lead: Bob',
    'Scribe: Priya',
  ]) {
    await expect(timelineEntry(page, text)).toBeVisible();
  }
  // Picked, not typed: the roles went to Jane's and Bob's profiles, so every view of their
  // presence says what they hold, their own included.
  for (const user of [ic, jane, bob]) {
    await expect(presenceOf(user.page, user === jane ? 'Jane (you)' : 'Jane')).toHaveAccessibleName(
      /^Jane( \(you\))?, Operations lead/,
    );
    await expect(presenceOf(user.page, user === bob ? 'Bob (you)' : 'Bob')).toHaveAccessibleName(
      /^Bob( \(you\))?, Communications lead/,
    );
  }

  const result = { interactions: act.count, wallSeconds: Number(seconds.toFixed(1)) };
  testInfo.annotations.push({ type: 'opening-ritual', description: JSON.stringify(result) });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}opening-ritual.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`opening ritual: ${result.interactions} interactions, ${result.wallSeconds} s`);
  expect(act.count).toBeLessThanOrEqual(MAX_IC_INTERACTIONS);
  // Seed 000 asks an IC for the opening within 60 s; the UI must not be what makes that hard.
  expect(seconds).toBeLessThan(60);
});
