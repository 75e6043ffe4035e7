import { E2E_ALERTMANAGER, expect, test } from './fixtures';
import { expectTeamRoomWithin2s, teamJoinButton, teamRoomRow, timelineEntry } from './ui-steps';

const TITLE = 'HighErrorRate: checkout 5xx above 5%';
const GROUP_KEY =
  '{}/{severity=~"critical|warning"}:{alertname="HighErrorRate", service="checkout"}';

/** An Alertmanager webhook body (version 4), written from Alertmanager's documented fields. */
function alertmanagerBody(startsAt: string, status: 'firing' | 'resolved', endsAt?: string) {
  const labels = { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' };
  return {
    version: '4',
    groupKey: GROUP_KEY,
    truncatedAlerts: 0,
    status,
    receiver: 'incident-room',
    groupLabels: { alertname: 'HighErrorRate', service: 'checkout' },
    commonLabels: labels,
    commonAnnotations: { summary: 'checkout 5xx above 5%' },
    externalURL: 'https://alertmanager.example.com',
    alerts: [
      {
        status,
        labels,
        annotations: { summary: 'checkout 5xx above 5%' },
        startsAt,
        endsAt: endsAt ?? '0001-01-01T00:00:00Z',
        generatorURL: 'https://prometheus.example.com/graph?g0.expr=errors',
        fingerprint: 'c0ffee0123456789',
      },
    ],
  };
}

async function sendAlert(relayUrl: string, body: unknown): Promise<void> {
  const response = await fetch(`${relayUrl}/hooks/${E2E_ALERTMANAGER.sourceId}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${E2E_ALERTMANAGER.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBeLessThan(300);
}

/** "HH:MM" in UTC, as the timeline shows an entry's time. */
function utcMinute(iso: string): string {
  return iso.slice(11, 16);
}

test.describe('a room an alert opened', () => {
  test('appears in both team lists within 2 s with a browser notification that pages the IC; both join; the paged IC takes the role; the alert is on the timeline at its own time and a second webhook appends', async ({
    openUser,
    relay,
  }) => {
    test.setTimeout(180_000);
    const avery = await openUser('Avery', { teamKey: true });
    const bob = await openUser('Bob', { teamKey: true });
    // Avery is usually the incident commander, which the alert's rule pages; Bob has no usual role.
    await avery.page.getByRole('button', { name: 'Settings: you are Avery' }).click();
    const settings = avery.page.getByRole('dialog', { name: 'Settings' });
    await settings
      .getByRole('combobox', { name: 'Your usual role' })
      .selectOption({ label: 'Incident commander' });
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toHaveCount(0);
    // Avery allows notifications from the list's button, as a person would.
    await avery.context.grantPermissions(['notifications']);
    await avery.page.getByRole('button', { name: 'Notify me of alert rooms' }).click();
    await expect(avery.page.getByText('Alert rooms notify you')).toBeVisible();
    // Notifications are recorded as the page makes them (a headless browser shows none).
    await avery.page.evaluate(`(() => {
      const Native = window.Notification;
      window.__notices = [];
      window.Notification = class extends Native {
        constructor(title, options) {
          super(title, options);
          window.__notices.push(title + ' | ' + (options && options.body));
        }
      };
    })()`);
    for (const user of [avery, bob]) {
      await expect(user.page.getByText('No rooms on the team relay yet.')).toBeVisible();
    }

    const startsAt = new Date(Math.floor((Date.now() - 3 * 60_000) / 60_000) * 60_000)
      .toISOString()
      .replace('.000Z', 'Z');
    const sentAt = Date.now();
    await sendAlert(relay.url, alertmanagerBody(startsAt, 'firing'));
    await expectTeamRoomWithin2s([avery, bob], TITLE, 'SEV1', sentAt);
    for (const user of [avery, bob]) {
      const row = teamRoomRow(user.page, TITLE);
      await expect(row).toContainText(`from ${E2E_ALERTMANAGER.sourceId}`);
      await expect(row).toContainText('paging Incident commander, Operations lead');
      await expect(row).toContainText('New');
    }
    await expect(teamRoomRow(avery.page, TITLE).getByText('Paged you')).toBeVisible();
    await expect(teamRoomRow(bob.page, TITLE).getByText('Paged you')).toHaveCount(0);
    await expect
      .poll(() => avery.page.evaluate('window.__notices'))
      .toEqual([
        `You are paged as Incident commander: ${TITLE} | SEV1 · from ${E2E_ALERTMANAGER.sourceId}` +
          ' · paging Incident commander, Operations lead',
      ]);

    for (const user of [avery, bob]) {
      await teamJoinButton(user.page, TITLE, 'SEV1').click();
      await expect(user.page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
      const firing = timelineEntry(user.page, `[FIRING] ${TITLE}`);
      await expect(firing).toBeVisible();
      await expect(firing).toContainText(utcMinute(startsAt));
    }

    // The alert source holds IC only until a person takes it: Avery, paged, takes it in one click.
    await expect(
      timelineEntry(avery.page, 'Paged: Incident commander, Operations lead'),
    ).toBeVisible();
    await avery.page
      .getByRole('button', {
        name: 'Take Incident commander role (you are paged: your usual role)',
      })
      .click();
    await expect(timelineEntry(bob.page, '(alertmanager) → Avery')).toBeVisible();

    // The same group resolves: one room, a second entry in it, for both.
    const endsAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await sendAlert(relay.url, alertmanagerBody(startsAt, 'resolved', endsAt));
    for (const user of [avery, bob]) {
      await expect(timelineEntry(user.page, `[RESOLVED] ${TITLE}`)).toBeVisible();
    }
    await bob.page.getByRole('button', { name: 'Back to rooms' }).click();
    await expect(
      bob.page.getByRole('list', { name: 'Team rooms' }).getByRole('listitem'),
    ).toHaveCount(1);
    // The answered page is gone from every list; the one nobody took stays.
    const row = teamRoomRow(bob.page, TITLE);
    await expect(row).toContainText('paging Operations lead');
    await expect(row).not.toContainText('Incident commander');
  });
});
