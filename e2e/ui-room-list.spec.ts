import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { copyInvite, declareRoom, joinRoom, logEntry, timelineEntry } from './ui-steps';

const TITLE = 'Checkout errors after deploy';

/** "HH:MM" in UTC, as the room list shows a time. */
function utcMinute(time: number): string {
  return new Date(time).toISOString().slice(11, 16);
}

/** The room's Open room button on the room list: its name says severity, phase, last change. */
function roomButton(page: Page) {
  return page
    .getByRole('list', { name: 'Recent rooms' })
    .getByRole('button', { name: new RegExp(`^Open room ${TITLE}, `) });
}

test.describe('the room list', () => {
  test('shows another person’s change to a room within 2 s: last change and new activity', async ({
    openUser,
  }) => {
    test.setTimeout(180_000);
    const ic = await openUser('Avery');
    await declareRoom(ic.page, { title: TITLE, severity: 'SEV2', service: 'checkout-api' });
    await expect(ic.page.getByRole('status', { name: 'Connection' })).toHaveText(/Live/);
    const invite = await copyInvite(ic);

    const comms = await openUser('Bob');
    await joinRoom(comms.page, invite, TITLE);
    await comms.page.getByRole('button', { name: 'Back to rooms' }).click();
    // The list reads the room as it is: declared, SEV2, investigating, nothing new for Bob.
    await expect(roomButton(comms.page)).toHaveAccessibleName(
      new RegExp(
        `^Open room ${TITLE}, SEV2, investigating, last change \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`,
      ),
    );

    // The IC logs while Bob looks at the list.
    const before = Date.now();
    await logEntry(ic.page, 'Rolled back checkout-api to v41', { kind: 'action' });
    await expect(timelineEntry(ic.page, 'Rolled back checkout-api')).toBeVisible();
    const changedAt = Date.now();
    await expect(roomButton(comms.page)).toHaveAccessibleName(/, new activity$/, {
      timeout: 2_000,
    });
    expect(Date.now() - changedAt).toBeLessThan(2_000);
    // The last change shown is the IC's (Bob's host stored it a moment after it was made).
    const minutes = new Set([utcMinute(before), utcMinute(changedAt), utcMinute(Date.now())]);
    const meta = await comms.page
      .getByRole('list', { name: 'Recent rooms' })
      .getByRole('listitem')
      .filter({ hasText: TITLE })
      .innerText();
    const shown = /last change \d{4}-\d\d-\d\d (\d\d:\d\d) UTC/.exec(meta)?.[1];
    expect(minutes).toContain(shown);
    await expect(comms.page.getByText('New activity')).toBeVisible();

    // Opening the room reads it; back on the list, nothing is new.
    await roomButton(comms.page).click();
    await expect(timelineEntry(comms.page, 'Rolled back checkout-api')).toBeVisible();
    await comms.page.getByRole('button', { name: 'Back to rooms' }).click();
    await expect(roomButton(comms.page)).toHaveAccessibleName(/ UTC$/);
    await expect(comms.page.getByText('New activity')).toHaveCount(0);
  });
});
