import { expect, test } from './fixtures';
import { copyInvite, declareRoom, joinRoom, logEntry, timelineEntry } from './ui-steps';

const TITLE = 'Login failing in us-east';
const PROPOSAL = 'Fail over auth to us-west';
const PUBLISHED =
  'We have found why logins fail in us-east and are failing over. Also affects SSO.';

test('approvals: only the IC decides, placeholders block a status update, an edit after approval voids it, and everything survives reload and restart', async ({
  openUser,
}) => {
  // Two hosts, a relay and a host restart: slower than the default budget on a 2-core machine.
  test.setTimeout(300_000);
  const ic = await openUser('Avery');
  await declareRoom(ic.page, { title: TITLE, severity: 'SEV2', service: 'auth' });
  const invite = await copyInvite(ic);
  const comms = await openUser('Bob');
  await joinRoom(comms.page, invite, TITLE);

  // Bob takes the comms role himself; the handoff lands on the timeline.
  await comms.page.getByRole('tab', { name: 'Roles' }).click();
  await comms.page.getByRole('button', { name: 'Take Communications lead role' }).click();
  await expect(timelineEntry(ic.page, 'Communications lead: Bob')).toBeVisible();

  // A non-IC proposes and cannot approve; the IC approves with a reason.
  await comms.page.getByRole('tab', { name: /Decisions/ }).click();
  await comms.page.getByRole('textbox', { name: 'Proposal' }).fill(PROPOSAL);
  await comms.page.getByRole('textbox', { name: 'Risk' }).fill('Sessions in flight are lost');
  await comms.page.getByRole('button', { name: 'Propose', exact: true }).click();
  const pendingForBob = comms.page.getByRole('listitem', { name: `Pending decision: ${PROPOSAL}` });
  await expect(pendingForBob.getByRole('button', { name: `Approve: ${PROPOSAL}` })).toBeDisabled();
  await expect(pendingForBob).toContainText('Waiting for the incident commander (Avery)');

  await expect(ic.page.getByRole('tab', { name: 'Decisions (1 pending)' })).toBeVisible();
  const pendingForIc = ic.page.getByRole('listitem', { name: `Pending decision: ${PROPOSAL}` });
  await pendingForIc
    .getByRole('textbox', { name: `Reason for decision on: ${PROPOSAL}` })
    .fill('us-west is healthy');
  await pendingForIc.getByRole('button', { name: `Approve: ${PROPOSAL}` }).click();
  await expect(
    comms.page.getByRole('listitem', { name: `Decision approved: ${PROPOSAL}` }),
  ).toContainText('approved by Avery');
  await expect(timelineEntry(comms.page, PROPOSAL).filter({ hasText: /approved/i })).toBeVisible();

  // Status update: the template leaves a placeholder, which blocks approval until the IC
  // approves anyway (logged); an edit voids the approval; the comms lead fills the blank,
  // approves and publishes under "identified", which moves the room; the next draft starts
  // from the identified template, the published text stays in the list.
  const status = (user: typeof ic) => user.page.getByRole('status', { name: 'Review state' });
  const draft = (user: typeof ic) =>
    user.page.getByRole('textbox', { name: 'Status update draft' });
  await comms.page.getByRole('tab', { name: /Status update/ }).click();
  await ic.page.getByRole('tab', { name: /Status update/ }).click();
  await comms.page.getByRole('button', { name: 'Insert investigating template' }).click();
  await expect(draft(ic)).toContainText('auth');
  await expect(ic.page.getByLabel('Unfilled placeholders', { exact: true })).toHaveText(
    'To fill in before approval: [what customers are experiencing]',
  );
  await comms.page.getByRole('button', { name: 'Request review' }).click();
  await expect(status(ic)).toContainText('Waiting for approval');
  await ic.page.getByRole('button', { name: 'Approve update' }).click();
  await expect(ic.page.getByRole('alert')).toHaveText(
    'The draft still has unfilled placeholders: [what customers are experiencing]. Fill them in, or the IC may approve anyway.',
  );
  await expect(status(comms)).toContainText('Waiting for approval');
  await ic.page.getByRole('button', { name: 'Approve anyway' }).click();
  await expect(status(comms)).toContainText('Approved by Avery');
  await expect(
    timelineEntry(
      comms.page,
      'Status update approved with unfilled placeholders by Avery: [what customers are experiencing]',
    ),
  ).toBeVisible();
  await expect(comms.page.getByRole('button', { name: 'Publish update' })).toBeEnabled();

  await draft(comms).click();
  await comms.page.keyboard.press('Control+End');
  await comms.page.keyboard.type(' Also affects SSO.');
  for (const user of [ic, comms]) await expect(status(user)).toContainText('Approval void');
  await expect(comms.page.getByRole('button', { name: 'Publish update' })).toBeDisabled();

  // Bob is comms: he may approve, but not over a placeholder; he fills it in instead.
  await comms.page.getByRole('button', { name: 'Approve update' }).click();
  await expect(comms.page.getByRole('alert')).toContainText('unfilled placeholders');
  await expect(comms.page.getByRole('button', { name: 'Approve anyway' })).toHaveCount(0);
  await draft(comms).click();
  await comms.page.keyboard.press('Control+A');
  await comms.page.keyboard.type(PUBLISHED);
  await expect(comms.page.getByLabel('Unfilled placeholders', { exact: true })).toHaveCount(0);
  await comms.page.getByRole('button', { name: 'Approve update' }).click();
  await expect(status(ic)).toContainText('Approved by Bob');
  await comms.page
    .getByRole('combobox', { name: 'Phase of this update' })
    .selectOption('identified');
  await comms.page.getByRole('button', { name: 'Publish update' }).click();
  const published = ic.page.getByRole('listitem', { name: /Published update at/ });
  await expect(published).toContainText('Also affects SSO.');
  await expect(published).toContainText(' · identified · ');
  await expect(ic.page.getByRole('combobox', { name: 'Phase', exact: true })).toHaveValue(
    'identified',
  );
  await expect(draft(ic)).toContainText('[Identified] auth');
  await expect(draft(ic)).not.toContainText('Also affects SSO.');

  // A reload keeps everything, and lands back in the room.
  await logEntry(ic.page, 'Auth failover complete, error rate falling');
  await ic.page.reload();
  await expect(ic.page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(timelineEntry(ic.page, 'Auth failover complete')).toBeVisible();

  // So does a host restart (a crash, even): what was acknowledged is on disk.
  await ic.restartHost({ crash: true });
  await expect(ic.page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(timelineEntry(ic.page, 'Auth failover complete')).toBeVisible();
  await ic.page.getByRole('tab', { name: /Status update/ }).click();
  await expect(ic.page.getByRole('listitem', { name: /Published update at/ })).toContainText(
    'Also affects SSO.',
  );
  await ic.page.getByRole('tab', { name: /Decisions/ }).click();
  await expect(
    ic.page.getByRole('listitem', { name: `Decision approved: ${PROPOSAL}` }),
  ).toBeVisible();
});
