import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  approveStatusUpdate,
  assignRole,
  publishStatusUpdate,
  resolveIncident,
  setSeverity,
  setStatusDraft,
  type OperationContext,
} from '../../shared/ops';
import { readOutboundDeliveries } from '../../shared/ops/outbound-delivery';
import { postHook, writeAlertSourcesFile } from '../testing/alert-hooks';
import { alertmanagerPayload } from '../testing/alert-payloads';
import { openDeclaredRoom, type DeclaredRoom } from '../testing/declared-room';
import { waitFor } from '../testing/relay-clients';
import { fetchMetric } from '../testing/relay-http';
import { spawnRelay } from '../testing/spawn-relay';
import { OutboundReceiver } from './testing/outbound-receiver';

const SECRET = 'whsec-test-5c1e0b7a9d2f48e6a1b3';
const SLACK_PATH = '/services/T0TEST/B0TEST/s3cr3tSlackToken';
const TEAM_KEY = 'team-key-0123456789abcdef';
const ic: OperationContext = { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now };
/** Short waits so a test takes seconds; docs/OUTBOUND.md has the defaults. */
const FAST =
  'delivery: { maxAttempts: 30, initialBackoffMs: 50, maxBackoffMs: 200, timeoutMs: 2000 }';
const ALL_EVENTS =
  '[room.declared, severity.changed, role.handed-over, status-update.published, incident.resolved]';

type Verifier = (
  body: Buffer,
  headers: Record<string, unknown>,
  secret: string,
  toleranceSeconds?: number,
) => boolean;

interface WebhookBody {
  schema: string;
  id: string;
  type: string;
  room: { id: string; title: string; severity: string; phase: string; url: string | null };
  data: Record<string, unknown>;
}

interface SlackBody {
  text: string;
  blocks: {
    type: string;
    text?: { type: string; text: string };
    fields?: unknown[];
    elements?: { text: string }[];
  }[];
}

/** The verifier exactly as docs/OUTBOUND.md prints it, so the documented code is what is tested. */
async function documentedVerifier(): Promise<Verifier> {
  const doc = readFileSync(new URL('../../docs/OUTBOUND.md', import.meta.url), 'utf8');
  const code = /```js\n([^]*?verifyIncidentRoom[^]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error('docs/OUTBOUND.md has no verifier');
  const file = join(mkdtempSync(join(tmpdir(), 'verifier-')), 'verify.mjs');
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as { verifyIncidentRoom: Verifier };
  return module.verifyIncidentRoom;
}

function outboundFile(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'outbound-')), 'outbound.yaml');
  writeFileSync(path, lines.join('\n'));
  return path;
}

function publish(doc: Y.Doc, text: string): string {
  setStatusDraft(doc, ic, { text });
  approveStatusUpdate(doc, ic);
  return publishStatusUpdate(doc, ic).id;
}

/** Everything after the declaration (which openDeclaredRoom made): four more events. */
function runIncident(doc: Y.Doc, text: string): string {
  setSeverity(doc, ic, { severity: 'SEV1' });
  assignRole(doc, ic, { role: 'comms', person: { id: 'u-cory', name: 'Cory' } });
  const updateId = publish(doc, text);
  resolveIncident(doc, ic, { overrideReason: 'test' });
  return updateId;
}

const EVENT_ORDER = [
  'room.declared',
  'severity.changed',
  'role.handed-over',
  'status-update.published',
  'incident.resolved',
];

describe('outbound notifications from a real relay', () => {
  let verify: Verifier;
  let receivers: OutboundReceiver[] = [];
  let room: DeclaredRoom | null = null;

  beforeAll(async () => {
    verify = await documentedVerifier();
  });
  afterEach(async () => {
    await room?.close();
    room = null;
    await Promise.all(receivers.map((receiver) => receiver.stop().catch(() => undefined)));
    receivers = [];
  });

  async function receiver(): Promise<OutboundReceiver> {
    const started = await OutboundReceiver.start();
    receivers.push(started);
    return started;
  }

  it('sends each event to its routed targets: signed webhook JSON and Slack blocks', async () => {
    const hook = await receiver();
    const slack = await receiver();
    const file = outboundFile([
      'roomUrl: https://incidents.example.com/rooms/{room}',
      FAST,
      'targets:',
      `  - { id: ops-hook, kind: webhook, url: "${hook.url()}", secret: ${SECRET} }`,
      `  - { id: chat, kind: slack, url: "${slack.url(SLACK_PATH)}" }`,
      'routes:',
      `  - { events: ${ALL_EVENTS}, targets: [ops-hook] }`,
      '  - { events: [room.declared, status-update.published], targets: [chat] }',
      '  - { events: [severity.changed], targets: [chat], severities: [SEV4] }',
    ]);
    room = await openDeclaredRoom(['--outbound', file, '--log-level', 'info']);
    const text = 'Card payments <fail> & "retry" — ü 🚀\n  second line *not bold*';
    const updateId = runIncident(room.ic.doc, text);

    await waitFor(
      () => hook.uniqueKeys().length === 5 && slack.uniqueKeys().length === 2,
      'all deliveries',
    );
    const bodies = hook.bodies<WebhookBody>();
    expect(bodies.map((body) => body.type)).toEqual(EVENT_ORDER);
    hook.requests.forEach((request, index) => {
      expect(verify(request.body, request.headers, SECRET)).toBe(true);
      expect(verify(request.body, request.headers, `${SECRET}x`)).toBe(false);
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
      data: { declaredBy: { id: 'u-ic', name: 'Iris' } },
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
      const targets = readOutboundDeliveries(room!.ic.doc)[updateId] ?? {};
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
    const hook = await receiver();
    await hook.stop(); // connections refused from now on, on a port we keep
    const file = outboundFile([
      FAST,
      'targets:',
      `  - { id: ops-hook, kind: webhook, url: "${hook.url()}", secret: ${SECRET} }`,
      'routes:',
      `  - { events: ${ALL_EVENTS}, targets: [ops-hook] }`,
    ]);
    room = await openDeclaredRoom(['--outbound', file]);
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

    const ok = hook.requests.filter((request) => request.at >= downUntil);
    expect(hook.requests.some((request) => request.at < downUntil)).toBe(true); // saw the 503s
    const keys = hook.uniqueKeys();
    expect(keys).toHaveLength(5);
    expect(ok.map((request) => request.headers['idempotency-key'])).toEqual(keys);
    expect(
      hook
        .bodies<WebhookBody>()
        .filter((_, i) => hook.requests[i]!.at >= downUntil)
        .map((b) => b.type),
    ).toEqual(EVENT_ORDER);
    for (const request of hook.requests)
      expect(verify(request.body, request.headers, SECRET)).toBe(true);
    expect(await fetchMetric(relayUrl, 'relay_outbound_delivered_total')).toBe(5);
    expect(room.relay.output()).not.toContain(SECRET);
  });

  it("honours a receiver's Retry-After before the next try", async () => {
    const hook = await receiver();
    hook.answer = (_request, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 };
    const file = outboundFile([
      FAST,
      'targets:',
      `  - { id: ops-hook, kind: webhook, url: "${hook.url()}", secret: ${SECRET} }`,
      'routes:',
      '  - { events: [room.declared], targets: [ops-hook] }',
    ]);
    room = await openDeclaredRoom(['--outbound', file]);
    await waitFor(() => hook.requests.length === 2, 'the second try', 10_000);
    const [first, second] = hook.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_950);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.body.equals(first!.body)).toBe(true);
  });

  it('kill -9 mid-delivery loses nothing; the resend carries the same Idempotency-Key', async () => {
    const hook = await receiver();
    hook.answer = (_request, index) => (index === 0 ? 'hang' : { status: 200 });
    const file = outboundFile([
      FAST,
      'targets:',
      `  - { id: ops-hook, kind: webhook, url: "${hook.url()}", secret: ${SECRET} }`,
      'routes:',
      '  - { events: [status-update.published], targets: [ops-hook] }',
    ]);
    room = await openDeclaredRoom(['--outbound', file]);
    const first = publish(room.ic.doc, 'First update.');
    await waitFor(() => hook.requests.length === 1, 'the first request to be in flight');
    const restarted = await room.relay.restart({ signal: 'SIGKILL' });
    await waitFor(() => hook.requests.length === 2, 'the resend after the restart');
    expect(hook.requests[1]!.headers['idempotency-key']).toBe(
      hook.requests[0]!.headers['idempotency-key'],
    );
    expect(hook.requests[1]!.body.equals(hook.requests[0]!.body)).toBe(true);

    await waitFor(() => room!.ic.provider.synced, 'the client to reconnect');
    const second = publish(room.ic.doc, 'Second update.');
    await waitFor(() => hook.uniqueKeys().length === 2, 'the second update');
    await waitFor(
      async () => (await fetchMetric(restarted.url, 'relay_outbound_pending')) === 0,
      'none pending',
    );
    const updates = hook.bodies<WebhookBody>().map((body) => body.data.updateId);
    expect([...new Set(updates)]).toEqual([first, second]);
    await restarted.stop();
  });

  it('a graceful stop abandons a request in flight at once and sends it again after the start', async () => {
    const hook = await receiver();
    hook.answer = (_request, index) => (index === 0 ? 'hang' : { status: 200 });
    const file = outboundFile([
      'delivery: { initialBackoffMs: 50, maxBackoffMs: 200, timeoutMs: 20000 }',
      'targets:',
      `  - { id: ops-hook, kind: webhook, url: "${hook.url()}", secret: ${SECRET} }`,
      'routes:',
      '  - { events: [room.declared], targets: [ops-hook] }',
    ]);
    room = await openDeclaredRoom(['--outbound', file]);
    await waitFor(() => hook.requests.length === 1, 'the request to be in flight');
    const stopping = Date.now();
    expect(await room.relay.stop()).toBe(0);
    // Well before the request's 20 s limit: the stop does not wait for a receiver.
    expect(Date.now() - stopping).toBeLessThan(5_000);
    const restarted = await room.relay.restart();
    await waitFor(() => hook.requests.length === 2, 'the resend');
    expect(hook.uniqueKeys()).toHaveLength(1);
    await restarted.stop();
  });

  it('a lasting refusal fails at once and is listed, counted and shown in the room', async () => {
    const hook = await receiver();
    hook.answer = () => ({ status: 400, body: 'unknown field "room"' });
    const file = outboundFile([
      FAST,
      'targets:',
      `  - { id: broken, kind: webhook, url: "${hook.url()}", secret: ${SECRET} }`,
      'routes:',
      '  - { events: [status-update.published], targets: [broken] }',
    ]);
    room = await openDeclaredRoom(['--outbound', file, '--team-key', TEAM_KEY]);
    const updateId = publish(room.ic.doc, 'An update nobody takes.');
    const list = `${room.relay.url}/outbound/deliveries?state=failed`;
    await waitFor(
      async () => (await fetchMetric(room!.relay.url, 'relay_outbound_failed_total')) === 1,
      'the failure',
    );
    const teamKey = { headers: { authorization: `Bearer ${TEAM_KEY}` } };
    expect((await fetch(list)).status).toBe(401);
    expect((await fetch(`${list}x`, teamKey)).status).toBe(400);
    expect((await fetch(`${list}&limit=0`, teamKey)).status).toBe(400);
    const answer = (await (await fetch(list, teamKey)).json()) as {
      deliveries: Record<string, unknown>[];
    };
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
      () => readOutboundDeliveries(room!.ic.doc)[updateId]?.broken?.state === 'failed',
      'the room to show the failure',
    );
    expect(readOutboundDeliveries(room.ic.doc)[updateId]!.broken).toMatchObject({
      attempts: 1,
      lastStatus: 400,
    });
  });

  it('announces a room an alert opened on the relay, as its own change', async () => {
    const hook = await receiver();
    const token = 'am-token-0123456789abcdef';
    const sources = writeAlertSourcesFile(
      [
        'sources:',
        `  - { id: prod-am, kind: alertmanager, authorization: { credentials: ${token} } }`,
        'routes:',
        '  - { name: paging, match: { severity: critical }, severityMap: { critical: SEV1 } }',
      ].join('\n'),
    );
    const file = outboundFile([
      FAST,
      'targets:',
      `  - { id: ops-hook, kind: webhook, url: "${hook.url()}", secret: ${SECRET} }`,
      'routes:',
      '  - { events: [room.declared], targets: [ops-hook], severities: [SEV1] }',
    ]);
    const relay = await spawnRelay({ args: ['--outbound', file, '--alert-sources', sources] });
    try {
      const group = {
        groupLabels: { alertname: 'CheckoutErrors' },
        commonLabels: { severity: 'critical' },
        alerts: [{ startsAt: new Date().toISOString(), fingerprint: 'f00d0001' }],
      };
      const answer = await postHook(relay.url, 'prod-am', alertmanagerPayload(group), {
        authorization: `Bearer ${token}`,
      });
      expect(answer.status).toBe(200);
      await waitFor(() => hook.requests.length === 1, 'the declaration');
      const [declared] = hook.bodies<WebhookBody>();
      expect(declared).toMatchObject({ type: 'room.declared', room: { severity: 'SEV1' } });
      expect(verify(hook.requests[0]!.body, hook.requests[0]!.headers, SECRET)).toBe(true);
    } finally {
      await relay.stop();
    }
  });

  it('refuses to start on a bad outbound file, naming the line and the field', async () => {
    const file = outboundFile([
      'targets:',
      '  - id: status',
      '    kind: statuspage',
      '    url: https://api.statuspage.io/v1',
      'routes:',
      '  - { events: [incident.resolved], targets: [status] }',
    ]);
    await expect(spawnRelay({ args: ['--outbound', file] })).rejects.toThrow(
      /relay exited with code 2[^]*relay: outbound file .*outbound\.yaml: line 3: targets\[0\]\.kind: kind "statuspage" is not yet supported/,
    );
    await expect(spawnRelay({ env: { RELAY_OUTBOUND: file } })).rejects.toThrow(
      /line 3: targets\[0\]\.kind/,
    );
  });
});
