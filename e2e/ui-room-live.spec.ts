import { expect, test } from './fixtures';
import { copyInvite, declareRoom, editorText, joinRoom, logEntry, timelineEntry } from './ui-steps';

const TITLE = 'Checkout failing after deploy';

test.describe('the room, live for everyone in it', () => {
  test('IC, comms and scribe see entries, decisions and the status draft appear live', async ({
    openUser,
  }) => {
    // Several hosts, a relay and Chromium on a 2-core machine: more than the default budget.
    test.setTimeout(300_000);
    const ic = await openUser('Avery');
    await declareRoom(ic.page, { title: TITLE, severity: 'SEV1', service: 'payments-api' });
    await expect(ic.page.getByRole('status', { name: 'Connection' })).toHaveText(/Live/);
    const invite = await copyInvite(ic);
    expect(invite).toMatch(/^incident-room:\/\/join\?/);

    const comms = await openUser('Bob');
    const scribe = await openUser('Priya');
    await joinRoom(comms.page, invite, TITLE);
    await joinRoom(scribe.page, invite, TITLE);

    // The scribe logs; IC and comms see it without reloading.
    await logEntry(scribe.page, 'p99 latency 4.2 s on payments-api', { kind: 'observation' });
    for (const user of [ic, comms])
      await expect(timelineEntry(user.page, 'p99 latency 4.2 s')).toBeVisible();

    // The IC proposes; everyone sees the pending decision, attributed.
    await ic.page
      .getByRole('textbox', { name: 'Proposal' })
      .fill('Roll back payments-api to v2.13');
    await ic.page.getByRole('button', { name: 'Propose', exact: true }).click();
    for (const user of [comms, scribe]) {
      await expect(
        user.page.getByRole('listitem', {
          name: 'Pending decision: Roll back payments-api to v2.13',
        }),
      ).toBeVisible();
    }

    // Comms types in the status draft; the IC's editor shows the same text as it is typed.
    await comms.page.getByRole('tab', { name: /Status update/ }).click();
    await ic.page.getByRole('tab', { name: /Status update/ }).click();
    const draft = comms.page.getByRole('textbox', { name: 'Status update draft' });
    await draft.click();
    await comms.page.keyboard.type('We are investigating failed checkouts.');
    await expect
      .poll(() => editorText(ic.page, 'Status update draft'))
      .toBe('We are investigating failed checkouts.');
    // The IC sees where comms is typing: a caret labelled with comms' name, relayed as awareness
    // from comms' window through both hosts and the relay.
    await expect(ic.page.locator('.cm-ySelectionInfo', { hasText: comms.name })).toBeAttached();

    // And the IC can type into the same draft at the same time; both edits survive.
    await ic.page.getByRole('textbox', { name: 'Status update draft' }).click();
    await ic.page.keyboard.press('Control+End');
    await ic.page.keyboard.type(' Next update in 15 minutes.');
    for (const user of [ic, comms]) {
      await expect
        .poll(() => editorText(user.page, 'Status update draft'))
        .toBe('We are investigating failed checkouts. Next update in 15 minutes.');
    }
  });
});
