import { mkdirSync, writeFileSync } from 'node:fs';
import { OutboundReceiver } from '../server/outbound/testing/outbound-receiver';
import { spawnRelay } from '../server/testing/spawn-relay';
import { E2E_TEAM_KEY, expect, test as base } from './fixtures';
import { declareRoom } from './ui-steps';

const TITLE = 'Card payments failing in eu-west';
const FIRST = 'Card payments fail for some customers in Europe. We are investigating.';
const SECOND = 'We found the cause and are rolling back. Next update in 30 minutes.';

const PAGES = `pages:
  - id: public
    title: Example status
    components:
      - { id: api, name: API }
      - { id: payments, name: Payments }
`;

/** A Slack target on a loopback receiver, tried twice with short waits so a failure shows soon. */
function outboundFile(slackUrl: string): string {
  return `delivery: { maxAttempts: 2, initialBackoffMs: 200, maxBackoffMs: 500, timeoutMs: 5000 }
targets:
  - id: incidents-channel
    kind: slack
    url: ${slackUrl}
routes:
  - events: [status-update.published]
    targets: [incidents-channel]
`;
}

interface SlackBody {
  blocks: { type: string; text?: { text: string } }[];
}

/** This spec's relay also serves a status page and sends published updates to "Slack". */
const test = base.extend<{ slack: OutboundReceiver }>({
  // eslint-disable-next-line no-empty-pattern
  slack: async ({}, use) => {
    const receiver = await OutboundReceiver.start();
    await use(receiver);
    await receiver.stop();
  },
  relay: async ({ slack }, use, testInfo) => {
    const dataDir = testInfo.outputPath('relay-data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(testInfo.outputPath('pages.yaml'), PAGES);
    writeFileSync(testInfo.outputPath('outbound.yaml'), outboundFile(slack.url('/slack')));
    const relay = await spawnRelay({
      dataDir,
      env: {
        RELAY_TEAM_KEY: E2E_TEAM_KEY,
        RELAY_STATUS_PAGES: testInfo.outputPath('pages.yaml'),
        RELAY_OUTBOUND: testInfo.outputPath('outbound.yaml'),
      },
    });
    await use(relay);
    await relay.stop();
  },
});

test('the IC lists the incident on the status page, and each published update reaches the page and Slack, with its delivery shown in the room', async ({
  openUser,
  relay,
  slack,
}) => {
  test.setTimeout(180_000);
  const avery = await openUser('Avery');
  const page = avery.page;
  await declareRoom(page, { title: TITLE, severity: 'SEV1', service: 'payments' });
  await page.getByRole('tab', { name: /Status update/ }).click();

  // Before the first update the IC chooses the page and the affected components.
  const chooser = page.getByRole('group', { name: 'Public status page' });
  await expect(chooser.getByLabel('Status page choice')).toHaveText(
    'Not on a public status page. Choose before the first update: the page shows every update you publish.',
  );
  await chooser.getByRole('combobox', { name: 'Page' }).selectOption({ label: 'Example status' });
  await chooser.getByRole('checkbox', { name: 'Payments' }).check();
  await chooser.getByRole('button', { name: 'Save status page' }).click();
  await expect(chooser.getByLabel('Status page choice')).toHaveText(
    'Listed on Example status (Payments).',
  );

  const publish = async (text: string) => {
    const draft = page.getByRole('textbox', { name: 'Status update draft' });
    await draft.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
    await page.getByRole('button', { name: 'Approve update' }).click();
    await page.getByRole('button', { name: 'Publish update' }).click();
  };
  await publish(FIRST);

  // The page shows exactly the approved text, under the chosen component.
  await expect
    .poll(async () => {
      const response = await fetch(`${relay.url}/status/public.json`);
      const view = (await response.json()) as {
        openIncidents: { components: string[]; updates: { text: string }[] }[];
      };
      return view.openIncidents[0];
    })
    .toMatchObject({ components: ['payments'], updates: [{ text: FIRST }] });
  // Slack got one message carrying the same text, and the room says it arrived.
  await expect.poll(() => slack.requests.length).toBe(1);
  const [message] = slack.bodies<SlackBody>();
  expect(JSON.stringify(message?.blocks)).toContain(JSON.stringify(FIRST).slice(1, -1));
  await expect(page.getByRole('list', { name: 'Sent to' }).first()).toContainText(
    /incidents-channel: delivered \d\d:\d\d UTC/,
  );

  // Slack goes down: after its tries the room says the latest update did not arrive.
  slack.answer = () => ({ status: 502, body: 'bad gateway' });
  await publish(SECOND);
  await expect(page.getByRole('alert', { name: 'Undelivered update' })).toHaveText(
    'incidents-channel: last update not delivered, 2 tries, HTTP 502: bad gateway',
    { timeout: 20_000 },
  );
  expect(slack.requests).toHaveLength(3);
});
