import { mkdirSync, writeFileSync } from 'node:fs';
import { OutboundReceiver } from '../server/outbound/testing/outbound-receiver';
import { spawnRelay } from '../server/testing/spawn-relay';
import type { Page } from '@playwright/test';
import { documentedVerifier } from '../server/outbound/testing/documented-verifier';
import { E2E_TEAM_KEY, expect, test as base } from './fixtures';
import { copyInvite, declareRoom, joinRoom } from './ui-steps';

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

const WEBHOOK_SECRET = 'e2e-webhook-secret-6b1f0c93d2a4';

/**
 * A signed webhook and a Slack target on loopback receivers, tried twice with short waits so a
 * failure shows soon.
 */
function outboundFile(hookUrl: string, slackUrl: string): string {
  return `delivery: { maxAttempts: 2, initialBackoffMs: 200, maxBackoffMs: 500, timeoutMs: 5000 }
targets:
  - id: ops-hook
    kind: webhook
    url: ${hookUrl}
    secret: ${WEBHOOK_SECRET}
  - id: incidents-channel
    kind: slack
    url: ${slackUrl}
routes:
  - events: [status-update.published]
    targets: [ops-hook, incidents-channel]
`;
}

interface SlackBody {
  blocks: { type: string; text?: { text: string } }[];
}

/** This spec's relay also serves a status page and sends published updates to "Slack". */
const test = base.extend<{ slack: OutboundReceiver; hook: OutboundReceiver }>({
  // eslint-disable-next-line no-empty-pattern
  slack: async ({}, use) => {
    const receiver = await OutboundReceiver.start();
    await use(receiver);
    await receiver.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  hook: async ({}, use) => {
    const receiver = await OutboundReceiver.start();
    await use(receiver);
    await receiver.stop();
  },
  relay: async ({ slack, hook }, use, testInfo) => {
    const dataDir = testInfo.outputPath('relay-data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(testInfo.outputPath('pages.yaml'), PAGES);
    writeFileSync(
      testInfo.outputPath('outbound.yaml'),
      outboundFile(hook.url('/hook'), slack.url('/slack')),
    );
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

test('comms drafts, the IC approves, comms publishes: the status page shows exactly the approved text within 2 s, a signed webhook and Slack get it, an edit after approval reaches nothing until re-approved, and the room shows each delivery', async ({
  openUser,
  relay,
  slack,
  hook,
}) => {
  test.setTimeout(240_000);
  const avery = await openUser('Avery');
  await declareRoom(avery.page, { title: TITLE, severity: 'SEV1', service: 'payments' });
  const invite = await copyInvite(avery);
  const bob = await openUser('Bob');
  await joinRoom(bob.page, invite, TITLE);
  await bob.page.getByRole('tab', { name: 'Roles' }).click();
  await bob.page.getByRole('button', { name: 'Take Communications lead role' }).click();
  for (const user of [avery, bob]) {
    await user.page.getByRole('tab', { name: /Status update/ }).click();
  }

  // Before the first update the IC chooses the page and the affected components.
  const chooser = avery.page.getByRole('group', { name: 'Public status page' });
  await expect(chooser.getByLabel('Status page choice')).toHaveText(
    'Not on a public status page. Choose before the first update: the page shows every update you publish.',
  );
  await chooser.getByRole('combobox', { name: 'Page' }).selectOption({ label: 'Example status' });
  await chooser.getByRole('checkbox', { name: 'Payments' }).check();
  await chooser.getByRole('button', { name: 'Save status page' }).click();
  await expect(
    bob.page.getByRole('group', { name: 'Public status page' }).getByLabel('Status page choice'),
  ).toHaveText('Listed on Example status (Payments).');

  /** Comms replaces the draft; the IC approves it; comms publishes. */
  const draftAs = async (page: Page, text: string) => {
    await page.getByRole('textbox', { name: 'Status update draft' }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
  };
  const approveAndPublish = async () => {
    await expect(avery.page.getByRole('status', { name: 'Review state' })).not.toContainText(
      'Approved',
    );
    await avery.page.getByRole('button', { name: 'Approve update' }).click();
    await expect(bob.page.getByRole('button', { name: 'Publish update' })).toBeEnabled();
    await bob.page.getByRole('button', { name: 'Publish update' }).click();
    return Date.now();
  };

  // The status page, as a reader opens it in the browser (no JavaScript: reloaded to look again).
  const reader = await avery.context.newPage();
  await reader.goto(`${relay.url}/status/public`);
  const pageText = async () => {
    await reader.reload();
    return (await reader.locator('body').textContent()) ?? '';
  };

  await draftAs(bob.page, FIRST);
  const publishedAt = await approveAndPublish();
  await expect.poll(pageText, { timeout: 2_000, intervals: [100] }).toContain(FIRST);
  expect(Date.now() - publishedAt).toBeLessThan(2_500);
  await expect(reader.getByText('Affects: Payments')).toBeVisible();

  // The webhook got the signed event (checked with the verifier docs/OUTBOUND.md prints), Slack
  // its message, each once; the room says both arrived.
  const verify = await documentedVerifier();
  await expect.poll(() => hook.requests.length).toBe(1);
  const [signed] = hook.requests;
  expect(verify(signed!.body, signed!.headers, WEBHOOK_SECRET)).toBe(true);
  expect(verify(signed!.body, signed!.headers, 'another-secret-0000000000')).toBe(false);
  const event = JSON.parse(signed!.body.toString('utf8')) as {
    type: string;
    data: { text: string };
  };
  expect(event).toMatchObject({ type: 'status-update.published', data: { text: FIRST } });
  await expect.poll(() => slack.requests.length).toBe(1);
  const [message] = slack.bodies<SlackBody>();
  expect(JSON.stringify(message?.blocks)).toContain(JSON.stringify(FIRST).slice(1, -1));
  const sentTo = avery.page.getByRole('list', { name: 'Sent to' }).first();
  await expect(sentTo).toContainText(/ops-hook: delivered \d\d:\d\d UTC/);
  await expect(sentTo).toContainText(/incidents-channel: delivered \d\d:\d\d UTC/);

  // An approved second update edited afterwards voids the approval: nothing goes out.
  await draftAs(bob.page, SECOND);
  await avery.page.getByRole('button', { name: 'Approve update' }).click();
  await expect(avery.page.getByRole('status', { name: 'Review state' })).toContainText('Approved');
  await bob.page.getByRole('textbox', { name: 'Status update draft' }).click();
  await bob.page.keyboard.press('Control+End');
  await bob.page.keyboard.type(' Sorry.');
  await expect(bob.page.getByRole('button', { name: 'Publish update' })).toBeDisabled();
  expect(await pageText()).not.toContain(SECOND);
  expect(hook.requests).toHaveLength(1);

  // Re-approved and published it goes out, with the words added; Slack is down now, and after
  // its tries the room says the latest update did not arrive there.
  slack.answer = () => ({ status: 502, body: 'bad gateway' });
  await approveAndPublish();
  await expect.poll(pageText, { timeout: 2_000, intervals: [100] }).toContain(`${SECOND} Sorry.`);
  await expect.poll(() => hook.requests.length).toBe(2);
  await expect(bob.page.getByRole('alert', { name: 'Undelivered update' })).toHaveText(
    'incidents-channel: last update not delivered, 2 tries, HTTP 502: bad gateway',
    { timeout: 20_000 },
  );
  expect(slack.requests).toHaveLength(3);
});
