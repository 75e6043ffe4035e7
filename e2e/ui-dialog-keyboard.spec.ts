import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { declareRoom } from './ui-steps';

// More presses than either dialog has stops, so every wrap-around (last → first, first → last)
// is crossed several times in each direction.
const PRESSES = 24;

/** Whether the focused element is inside the open modal; evaluated in the page. */
const FOCUS_INSIDE_DIALOG = `(() => {
  const dialog = document.querySelector('[role="dialog"], dialog[open]');
  const active = document.activeElement;
  return dialog !== null && active !== null && active !== document.body && dialog.contains(active);
})()`;

/** The accessible name or tag of the focused element, for a failure message that says where focus went. */
const FOCUSED_ELEMENT = `(() => {
  const active = document.activeElement;
  if (!active) return 'nothing';
  return active.getAttribute('aria-label') || active.textContent?.trim().slice(0, 40) || active.tagName;
})()`;

async function expectFocusStaysInside(page: Page, key: 'Tab' | 'Shift+Tab'): Promise<void> {
  for (let press = 1; press <= PRESSES; press += 1) {
    await page.keyboard.press(key);
    const inside = await page.evaluate<boolean>(FOCUS_INSIDE_DIALOG);
    const where = inside ? '' : await page.evaluate<string>(FOCUSED_ELEMENT);
    expect(inside, `${key} press ${press} moved focus out of the dialog, to ${where}`).toBe(true);
  }
}

async function expectModalKeyboardContract(
  page: Page,
  opener: Locator,
  open: () => Promise<void>,
  dialogName: string,
): Promise<void> {
  await opener.focus();
  await open();
  const dialog = page.getByRole('dialog', { name: dialogName });
  await expect(dialog).toBeVisible();
  expect(await page.evaluate<boolean>(FOCUS_INSIDE_DIALOG), 'focus moved into the dialog').toBe(
    true,
  );
  await expectFocusStaysInside(page, 'Tab');
  await expectFocusStaysInside(page, 'Shift+Tab');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
}

test('dialogs hold keyboard focus while open, close on Escape and give focus back to what opened them', async ({
  openUser,
}) => {
  const user = await openUser('Avery', { relay: false });
  const { page } = user;
  await declareRoom(page, { title: 'Checkout latency', severity: 'SEV2', service: 'checkout' });

  // The triage dialog, opened from its button with the keyboard.
  const triage = page.getByRole('button', { name: 'Triage…' });
  await expectModalKeyboardContract(
    page,
    triage,
    () => page.keyboard.press('Enter'),
    'Severity triage',
  );

  // The command palette, opened with Ctrl+K while typing an entry.
  const entryText = page.getByRole('textbox', { name: 'Entry text' });
  await expectModalKeyboardContract(
    page,
    entryText,
    () => page.keyboard.press('Control+k'),
    'Command palette',
  );
});
