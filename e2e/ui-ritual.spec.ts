import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { timelineEntry } from './ui-steps';

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

test('the opening ritual: declare a SEV1, assign the four roles, publish the first update', async ({
  openUser,
}, testInfo) => {
  // Several hosts, a relay and Chromium on a 2-core machine: more than the default budget.
  test.setTimeout(300_000);
  const ic = await openUser('Avery');
  const page = ic.page;
  await expect(page.getByRole('heading', { name: 'Declare an incident' })).toBeVisible();
  const act = interactions();
  const started = Date.now();

  await act.fill(page.getByRole('textbox', { name: 'Title' }), 'Checkout down for all customers');
  await act.select(page.getByRole('combobox', { name: 'Severity' }), 'SEV1');
  await act.click(page.getByRole('button', { name: 'Declare incident' }));
  await expect(
    page.getByRole('heading', { level: 1, name: 'Checkout down for all customers' }),
  ).toBeVisible();

  await act.click(page.getByRole('tab', { name: 'Roles' }));
  for (const [role, name] of [
    ['Operations lead', 'Jane'],
    ['Communications lead', 'Bob'],
    ['Scribe', 'Priya'],
  ] as const) {
    const field = page.getByRole('combobox', { name: `${role}: new holder` });
    await act.fill(field, name);
    await act.press(field, 'Enter');
    await expect(page.getByRole('listitem', { name: role })).toContainText(name);
  }

  await act.click(page.getByRole('tab', { name: /Status update/ }));
  await act.click(page.getByRole('button', { name: 'Insert investigating template' }));
  await act.click(page.getByRole('button', { name: 'Request review' }));
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
  const result = { interactions: act.count, wallSeconds: Number(seconds.toFixed(1)) };
  testInfo.annotations.push({ type: 'opening-ritual', description: JSON.stringify(result) });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}opening-ritual.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`opening ritual: ${result.interactions} interactions, ${result.wallSeconds} s`);
  // Seed 000 asks an IC for the opening within 60 s; the UI must not be what makes that hard.
  expect(act.count).toBeLessThan(20);
  expect(seconds).toBeLessThan(60);
});
