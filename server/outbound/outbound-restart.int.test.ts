import { describe, expect, it } from 'vitest';
import { postHook, writeAlertSourcesFile } from '../testing/alert-hooks';
import { alertmanagerPayload } from '../testing/alert-payloads';
import { waitFor } from '../testing/relay-clients';
import { fetchMetric } from '../testing/relay-http';
import { spawnRelay } from '../testing/spawn-relay';
import {
  FAST,
  SECRET,
  outboundFile,
  publish,
  useOutboundTestParts,
  webhookTarget,
  type WebhookBody,
} from './testing/outbound-fixtures';

describe("outbound notifications across restarts, and from the relay's own writers", () => {
  const parts = useOutboundTestParts();

  it('kill -9 mid-delivery loses nothing; the resend carries the same Idempotency-Key', async () => {
    const hook = await parts.receivers.start();
    hook.answer = (_request, index) => (index === 0 ? 'hang' : { status: 200 });
    const file = outboundFile([
      FAST,
      'targets:',
      webhookTarget(hook.url()),
      'routes:',
      '  - { events: [status-update.published], targets: [ops-hook] }',
    ]);
    const room = await parts.openRoom(['--outbound', file]);
    const first = publish(room.ic.doc, 'First update.');
    await waitFor(() => hook.requests.length === 1, 'the first request to be in flight');
    const restarted = await room.relay.restart({ signal: 'SIGKILL' });
    await waitFor(() => hook.requests.length === 2, 'the resend after the restart');
    expect(hook.requests[1]!.headers['idempotency-key']).toBe(
      hook.requests[0]!.headers['idempotency-key'],
    );
    expect(hook.requests[1]!.body.equals(hook.requests[0]!.body)).toBe(true);

    await waitFor(() => room.ic.provider.synced, 'the client to reconnect');
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
    const hook = await parts.receivers.start();
    hook.answer = (_request, index) => (index === 0 ? 'hang' : { status: 200 });
    const file = outboundFile([
      'delivery: { initialBackoffMs: 50, maxBackoffMs: 200, timeoutMs: 20000 }',
      'targets:',
      webhookTarget(hook.url()),
      'routes:',
      '  - { events: [room.declared], targets: [ops-hook] }',
    ]);
    const room = await parts.openRoom(['--outbound', file]);
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

  it('announces a room an alert opened on the relay, as its own change', async () => {
    const hook = await parts.receivers.start();
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
      webhookTarget(hook.url()),
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
      expect(parts.verify(hook.requests[0]!.body, hook.requests[0]!.headers, SECRET)).toBe(true);
    } finally {
      await relay.stop();
    }
  });

  it('refuses to start on a bad outbound file, naming the line and the field', async () => {
    const file = outboundFile([
      'targets:',
      '  - id: status',
      '    kind: statuspage',
      '    apiKey: sp-key-0123456789',
      '    pageId: kctbh9vrtdwd',
      'routes:',
      '  - { events: [room.declared], targets: [status] }',
    ]);
    await expect(spawnRelay({ args: ['--outbound', file] })).rejects.toThrow(
      /relay exited with code 2[^]*relay: outbound file .*outbound\.yaml: line 7: routes\[0\]\.targets\[0\]: statuspage target "status" takes only status-update\.published, incident\.resolved \(not room\.declared\)/,
    );
    await expect(spawnRelay({ env: { RELAY_OUTBOUND: file } })).rejects.toThrow(
      /line 7: routes\[0\]\.targets\[0\]/,
    );
  });
});
