import { expect, test } from './fixtures';
import { copyInvite, declareRoom, joinRoom, timelineEntry } from './ui-steps';

const TITLE = 'Replica lag on orders-db';

test('SMEs: one person calls another in as an SME; both windows show it, the timeline and the presence badge', async ({
  openUser,
}) => {
  // Two hosts and a relay: slower than the default budget on a 2-core machine.
  test.setTimeout(180_000);
  const ic = await openUser('Avery');
  await declareRoom(ic.page, { title: TITLE, severity: 'SEV2', service: 'orders-db' });
  const invite = await copyInvite(ic);
  const dba = await openUser('Dana');
  await joinRoom(dba.page, invite, TITLE);
  // Dana is present in Avery's room, so Avery's SME form knows her by her profile.
  const people = ic.page.getByRole('list', { name: 'People in the room' });
  await expect(people.getByRole('listitem', { name: /^Dana/ })).toBeVisible();

  // Avery calls Dana in for the database, from the keyboard.
  await ic.page.getByRole('tab', { name: 'Roles' }).click();
  await ic.page.getByRole('combobox', { name: 'SME name' }).fill('Dana');
  await ic.page.getByRole('textbox', { name: 'SME area' }).fill('database');
  await ic.page.getByRole('textbox', { name: 'SME area' }).press('Enter');
  await expect(ic.page.getByRole('listitem', { name: 'SME Dana, database' })).toBeVisible();

  // Dana's window shows her on the SME list and the timeline entry that records it.
  await dba.page.getByRole('tab', { name: 'Roles' }).click();
  const danaRow = dba.page.getByRole('listitem', { name: 'SME Dana, database' });
  await expect(danaRow).toBeVisible();
  await expect(danaRow).toContainText('added by Avery');
  await expect(timelineEntry(dba.page, 'SME joined: Dana (database)')).toBeVisible();

  // Her presence, as Avery sees it, says what she is here for.
  await expect(people.getByRole('listitem', { name: 'Dana, SME · database' })).toBeVisible();

  // Dana moves herself to replication; Avery sees the move, then stands her down.
  await danaRow.getByRole('textbox', { name: 'New area for Dana' }).fill('replication');
  await danaRow.getByRole('textbox', { name: 'New area for Dana' }).press('Enter');
  await expect(timelineEntry(ic.page, 'SME Dana: database → replication')).toBeVisible();
  await expect(people.getByRole('listitem', { name: 'Dana, SME · replication' })).toBeVisible();
  await ic.page.getByRole('button', { name: 'Stand down Dana' }).click();
  await expect(timelineEntry(dba.page, 'SME stood down: Dana (replication)')).toBeVisible();
  await expect(
    dba.page
      .getByRole('list', { name: 'Subject-matter experts' })
      .getByText('No SMEs in the room yet.'),
  ).toBeVisible();
});
