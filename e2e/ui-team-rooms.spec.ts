import { declareIncident } from '../shared/ops';
import { readRoom } from '../shared/read';
import { createTestRoom } from '../server/testing/create-test-room';
import { connectStockClient, waitForSynced } from '../server/testing/relay-clients';
import { E2E_TEAM_KEY, expect, test } from './fixtures';
import {
  expectTeamRoomWithin2s,
  logEntry,
  teamJoinButton,
  teamRoomRow,
  timelineEntry,
} from './ui-steps';

const TITLE = 'Payments API 5xx';

test.describe('the team room list', () => {
  test('a room declared on the relay by someone else appears in both lists within 2 s; both join without an invite and share the timeline', async ({
    openUser,
    relay,
  }) => {
    test.setTimeout(180_000);
    const avery = await openUser('Avery', { teamKey: true });
    const bob = await openUser('Bob', { teamKey: true });
    for (const user of [avery, bob]) {
      await expect(user.page.getByText('No rooms on the team relay yet.')).toBeVisible();
    }

    // A third party (a script with the team key, no app) makes and declares the room on the relay.
    const created = await createTestRoom(relay.url, { creationToken: E2E_TEAM_KEY });
    const bot = connectStockClient(relay.wsRoomsUrl, created.id, E2E_TEAM_KEY);
    try {
      await waitForSynced(bot.provider);
      const declaredAt = Date.now();
      declareIncident(
        bot.doc,
        { actor: { id: 'u-pager-bot', name: 'Pager bot' }, now: Date.now },
        { title: TITLE, severity: 'SEV1' },
      );
      await expectTeamRoomWithin2s([avery, bob], TITLE, 'SEV1', declaredAt);
      for (const user of [avery, bob]) {
        const row = teamRoomRow(user.page, TITLE);
        await expect(row).toContainText('New');
        await expect(row).toContainText('declared in the app');
      }

      // Both join from the list, no invite pasted.
      for (const user of [avery, bob]) {
        await teamJoinButton(user.page, TITLE, 'SEV1').click();
        await expect(user.page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
      }
      await logEntry(avery.page, 'Rolled back payments-api to v12', { kind: 'action' });
      await expect(timelineEntry(bob.page, 'Rolled back payments-api to v12')).toBeVisible();
      await logEntry(bob.page, 'Error rate back under 1%');
      await expect(timelineEntry(avery.page, 'Error rate back under 1%')).toBeVisible();
      // The bot, which never opened the app, sees what the two wrote.
      await expect
        .poll(() =>
          readRoom(bot.doc).timeline.some((entry) => entry.text === 'Error rate back under 1%'),
        )
        .toBe(true);

      // Back on the list, the room is theirs: it opens, and it is no longer new.
      await bob.page.getByRole('button', { name: 'Back to rooms' }).click();
      const openButton = bob.page
        .getByRole('list', { name: 'Team rooms' })
        .getByRole('button', { name: new RegExp(`^Open ${TITLE}, SEV1, opened `) });
      await expect(openButton).toBeVisible();
      await expect(
        bob.page.getByRole('list', { name: 'Team rooms' }).getByText('New', { exact: true }),
      ).toHaveCount(0);
      await openButton.click();
      await expect(timelineEntry(bob.page, 'Rolled back payments-api to v12')).toBeVisible();
    } finally {
      bot.provider.destroy();
    }
  });

  test('the team key set in Settings: a wrong one is refused in one sentence, the right one lists the rooms, shown only masked', async ({
    openUser,
    relay,
  }) => {
    test.setTimeout(120_000);
    const created = await createTestRoom(relay.url, { creationToken: E2E_TEAM_KEY });
    const bot = connectStockClient(relay.wsRoomsUrl, created.id, E2E_TEAM_KEY);
    try {
      await waitForSynced(bot.provider);
      declareIncident(
        bot.doc,
        { actor: { id: 'u-pager-bot', name: 'Pager bot' }, now: Date.now },
        { title: TITLE, severity: 'SEV1' },
      );
      const cam = await openUser('Cam');
      await expect(cam.page.getByRole('heading', { name: 'Team rooms' })).toHaveCount(0);
      const setKey = async (key: string) => {
        await cam.page.getByRole('button', { name: 'Settings: you are Cam' }).click();
        const form = cam.page
          .getByRole('dialog', { name: 'Settings' })
          .getByRole('form', { name: 'Team rooms' });
        await expect(form.getByRole('textbox', { name: 'Team relay URL' })).toHaveValue(relay.url);
        await form.getByLabel('Team key').fill(key);
        await form.getByRole('button', { name: 'Set team key' }).click();
        await expect(form.getByRole('status')).toHaveText(/Team saved/);
        await expect(form.getByLabel('Team key')).toHaveValue('');
        await cam.page.getByRole('dialog', { name: 'Settings' }).press('Escape');
      };

      await setKey('not-the-team-key-0123456789');
      const team = cam.page.locator('section', {
        has: cam.page.getByRole('heading', { name: 'Team rooms' }),
      });
      await expect(team.getByRole('alert')).toHaveText(
        `The relay at ${relay.url} refused the team key: check it in Settings.`,
      );

      await setKey(E2E_TEAM_KEY);
      await expect(teamJoinButton(cam.page, TITLE, 'SEV1')).toBeVisible();
      await expect(team.getByRole('alert')).toHaveCount(0);
      await cam.page.getByRole('button', { name: 'Settings: you are Cam' }).click();
      const dialog = cam.page.getByRole('dialog', { name: 'Settings' });
      await expect(dialog.getByText(/A key is saved \(••••••••cdef\)/)).toBeVisible();
      expect(await cam.page.content()).not.toContain(E2E_TEAM_KEY);
    } finally {
      bot.provider.destroy();
    }
  });
});
