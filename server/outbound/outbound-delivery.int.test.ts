import { describe, expect, it } from 'vitest';
import { readOutboundDeliveries } from '../../shared/ops/outbound-delivery';
import {
  RELAY_OUTBOUND_DELIVERIES_PATH,
  type OutboundDeliveryList,
} from '../../shared/protocol/relay-http';
import { waitFor } from '../testing/relay-clients';
import { fetchMetric } from '../testing/relay-http';
import {
  ALL_EVENTS,
  EVENT_ORDER,
  FAST,
  SECRET,
  SLACK_PATH,
  TEAM_KEY,
  outboundFile,
  publish,
  runIncident,
  useOutboundTestParts,
  webhookTarget,
  type SlackBody,
  type WebhookBody,
} from './testing/outbound-fixtures';

describe('outbound notifications from a real relay', () => {
  const parts = useOutboundTestParts();

  it('sends each event to its routed targets: signed webhook JSON and Slack blocks', async () => {
    const hook = await parts.receivers.start();
    const slack = await parts.receivers.start();
    const file = outboundFile([
      'roomUrl: https://incidents.example.com/rooms/{room}',
      FAST,
      'targets:',
      webhookTarget(hook.url()),
      `  - { id: chat, kind: slack, url: "${slack.url(SLACK_PATH)}" }`,
      'routes:',
      `  - { events: ${ALL_EVENTS}, targets: [ops-hook] }`,
      '  - { events: [room.declared, status-update.published], targets: [chat] }',
      '  - { events: [severity.changed], targets: [chat], severities: [SEV4] }',
    ]);
    const room = await parts.openRoom(['--outbound', file, '--log-level', 'info']);
    const text = 'Card payments <fail> & "retry" — ü 🚀\n  second line *not bold*';
    const updateId = runIncident(room.ic.doc, text);

    await waitFor(
      () => hook.uniqueKeys().length === 5 && slack.uniqueKeys().length === 2,
      'all deliveries',
    );
    const bodies = hook.bodies<WebhookBody>();
    expect(bodies.map((body) => body.type)).toEqual(EVENT_ORDER);
    hook.requests.forEach((request, index) => {
      expect(parts.verify(request.body, request.headers, SECRET)).toBe(true);
      expect(parts.verify(request.body, request.headers, `${SECRET}x`)).toBe(false);
      expect(request.headers['idempotency-key']).toBe(bodies[index]!.id);
      expect(request.headers['x-incident-room-event']).toBe(bodies[index]!.type);
      expect(request.headers['content-type']).toBe('application/json');
    });
    expect(bodies[0]).toMatchObject({
      schema: 'incident-room.outbound/v1',
      room: {
        id: room.room.id,
        title: 'Checkout errors',
        url: `https://incidents.example.com/rooms/${room.room.id}`,
      },
      data: {
        declaredBy: { id: 'u-ic', name: 'Iris' },
        roles: { ic: { id: 'u-ic', name: 'Iris' } },
      },
    });
    expect(bodies[1]!.data).toEqual({ from: 'SEV2', to: 'SEV1' });
    expect(bodies[3]!.data).toMatchObject({ updateId, text, phase: 'investigating' });
    expect(bodies[4]!.room.phase).toBe('resolved');

    const [declared, published] = slack.bodies<SlackBody>();
    expect(slack.requests.every((request) => request.path === SLACK_PATH)).toBe(true);
    expect(declared!.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context']);
    expect(published!.blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
    ]);
    expect(published!.blocks[0]!.text).toEqual({ type: 'plain_text', text: 'Checkout errors' });
    expect(published!.blocks[1]!.fields).toEqual([
      { type: 'mrkdwn', text: '*Severity*\nSEV1' },
      { type: 'mrkdwn', text: '*Phase*\ninvestigating' },
    ]);
    expect(published!.blocks[2]!.text).toEqual({ type: 'plain_text', text, emoji: false });
    expect(published!.blocks[3]!.elements![0]!.text).toBe(
      `<https://incidents.example.com/rooms/${room.room.id}|Open the incident room>`,
    );

    await waitFor(() => {
      const targets = readOutboundDeliveries(room.ic.doc)[updateId] ?? {};
      return targets['ops-hook']?.state === 'delivered' && targets.chat?.state === 'delivered';
    }, 'the room to show both deliveries');
    expect(readOutboundDeliveries(room.ic.doc)[updateId]!.chat).toMatchObject({
      kind: 'slack',
      attempts: 1,
      lastStatus: 200,
      lastError: null,
    });
    expect(await fetchMetric(room.relay.url, 'relay_outbound_delivered_total')).toBe(7);
    expect(await fetchMetric(room.relay.url, 'relay_outbound_pending')).toBe(0);
    const output = room.relay.output();
    expect(output).toContain('outbound event delivered');
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain('s3cr3tSlackToken');
  });

  it('a receiver that refuses connections, then answers 503, then comes back gets every event once, in order', async () => {
    const hook = await parts.receivers.start();
    await hook.stop(); // connections refused from now on, on a port we keep
    const file = outboundFile([
      FAST,
      'targets:',
      webhookTarget(hook.url()),
      'routes:',
      `  - { events: ${ALL_EVENTS}, targets: [ops-hook] }`,
    ]);
    const room = await parts.openRoom(['--outbound', file]);
    runIncident(room.ic.doc, 'We are looking into failed card payments.');
    const relayUrl = room.relay.url;
    await waitFor(
      async () => (await fetchMetric(relayUrl, 'relay_outbound_retries_total')) >= 3,
      'refused tries',
    );
    const downUntil = Date.now() + 800;
    hook.answer = () => (Date.now() < downUntil ? { status: 503 } : { status: 200 });
    await hook.listen();
    await waitFor(
      async () => (await fetchMetric(relayUrl, 'relay_outbound_pending')) === 0,
      'all delivered',
      15_000,
    );

    const ok = hook.requests.filter((request) => request.status === 200);
    expect(hook.requests.some((request) => request.status === 503)).toBe(true);
    const keys = hook.uniqueKeys();
    expect(keys).toHaveLength(5);
    // Each event was taken once (answered 200 once), and they were taken in order.
    expect(ok.map((request) => request.headers['idempotency-key'])).toEqual(keys);
    expect(
      ok.map((request) => (JSON.parse(request.body.toString('utf8')) as WebhookBody).type),
    ).toEqual(EVENT_ORDER);
    for (const request of hook.requests)
      expect(parts.verify(request.body, request.headers, SECRET)).toBe(true);
    expect(await fetchMetric(relayUrl, 'relay_outbound_delivered_total')).toBe(5);
    expect(room.relay.output()).not.toContain(SECRET);
  });

  it("honours a receiver's Retry-After before the next try", async () => {
    const hook = await parts.receivers.start();
    hook.answer = (_request, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 };
    const file = outboundFile([
      FAST,
      'targets:',
      webhookTarget(hook.url()),
      'routes:',
      '  - { events: [room.declared], targets: [ops-hook] }',
    ]);
    await parts.openRoom(['--outbound', file]); // its declaration is the event
    await waitFor(() => hook.requests.length === 2, 'the second try', 10_000);
    const [first, second] = hook.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_950);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.body.equals(first!.body)).toBe(true);
  });

  it('a lasting refusal fails at once and is listed, counted and shown in the room', async () => {
    const hook = await parts.receivers.start();
    hook.answer = () => ({ status: 400, body: 'unknown field "room"' });
    const file = outboundFile([
      FAST,
      'targets:',
      webhookTarget(hook.url(), 'broken'),
      'routes:',
      '  - { events: [status-update.published], targets: [broken] }',
    ]);
    const room = await parts.openRoom(['--outbound', file, '--team-key', TEAM_KEY]);
    const updateId = publish(room.ic.doc, 'An update nobody takes.');
    const list = `${room.relay.url}${RELAY_OUTBOUND_DELIVERIES_PATH}?state=failed`;
    await waitFor(
      async () => (await fetchMetric(room.relay.url, 'relay_outbound_failed_total')) === 1,
      'the failure',
    );
    const teamKey = { headers: { authorization: `Bearer ${TEAM_KEY}` } };
    expect((await fetch(list)).status).toBe(401);
    expect((await fetch(`${list}x`, teamKey)).status).toBe(400);
    expect((await fetch(`${list}&limit=0`, teamKey)).status).toBe(400);
    const answer = (await (await fetch(list, teamKey)).json()) as OutboundDeliveryList;
    expect(answer.deliveries).toEqual([
      expect.objectContaining({
        roomId: room.room.id,
        targetId: 'broken',
        targetKind: 'webhook',
        eventType: 'status-update.published',
        state: 'failed',
        attempts: 1,
        lastStatus: 400,
        lastError: 'HTTP 400: unknown field "room"',
      }),
    ]);
    expect(hook.requests).toHaveLength(1);
    await waitFor(
      () => readOutboundDeliveries(room.ic.doc)[updateId]?.broken?.state === 'failed',
      'the room to show the failure',
    );
    expect(readOutboundDeliveries(room.ic.doc)[updateId]!.broken).toMatchObject({
      attempts: 1,
      lastStatus: 400,
    });
  });
});
