import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readOutboundDeliveries } from '../../shared/ops/outbound-delivery';
import {
  approveStatusUpdate,
  publishStatusUpdate,
  resolveIncident,
  setStatusDraft,
  setStatusPage,
} from '../../shared/ops';
import type { Phase } from '../../shared/doc/enums';
import { waitFor } from '../testing/relay-clients';
import { fetchMetric } from '../testing/relay-http';
import { FAST, ic, outboundFile, useOutboundTestParts } from './testing/outbound-fixtures';
import { FakeStatuspage, STATUSPAGE_KEY, STATUSPAGE_PAGE } from './testing/fake-statuspage';

const INCIDENTS = `/v1/pages/${STATUSPAGE_PAGE}/incidents`;

/** A relay file with one statuspage target for the fake, mapping two of our components. */
function statuspageFile(api: FakeStatuspage): string {
  return outboundFile([
    FAST,
    'targets:',
    '  - id: hosted',
    '    kind: statuspage',
    `    apiUrl: "${api.apiUrl}"`,
    `    apiKey: ${STATUSPAGE_KEY}`,
    `    pageId: ${STATUSPAGE_PAGE}`,
    '    components: { checkout: cmpcheckout1, api: cmpapi000001 }',
    'routes:',
    '  - { events: [status-update.published, incident.resolved], targets: [hosted] }',
  ]);
}

function publishAs(doc: Y.Doc, text: string, phase?: Phase): string {
  setStatusDraft(doc, ic, { text });
  approveStatusUpdate(doc, ic);
  return publishStatusUpdate(doc, ic, phase ? { phase } : {}).id;
}

describe('statuspage targets against a loopback Statuspage API', () => {
  const parts = useOutboundTestParts();
  let api: FakeStatuspage;

  async function start(): Promise<FakeStatuspage> {
    api = await FakeStatuspage.start();
    parts.receivers.adopt(api.receiver);
    return api;
  }

  it('creates the incident on the first update, then updates and resolves that same incident', async () => {
    await start();
    const room = await parts.openRoom(['--outbound', statuspageFile(api)]);
    setStatusPage(room.ic.doc, ic, { pageId: 'public', componentIds: ['checkout', 'search'] });
    const first = 'Some card payments fail at checkout.\n\nWe are looking into it — “ü” & <b>';
    const firstId = publishAs(room.ic.doc, first);
    publishAs(room.ic.doc, 'We found the cause: a bad certificate.', 'identified');
    resolveIncident(room.ic.doc, ic, { overrideReason: 'test' });

    await waitFor(() => api.accepted().length === 3, 'create, update, resolve', 10_000);
    expect(api.violations).toEqual([]);
    const [create, update, resolve] = api.accepted();
    const [id] = [...api.incidents.keys()];
    expect(api.incidents.size).toBe(1);
    expect(create).toEqual({
      method: 'POST',
      path: INCIDENTS,
      incident: {
        name: 'Checkout errors',
        status: 'investigating',
        body: first,
        component_ids: ['cmpcheckout1'], // `search` has no Statuspage component: left out
        components: { cmpcheckout1: 'partial_outage' }, // SEV2
        deliver_notifications: true,
      },
    });
    expect(update).toEqual({
      method: 'PATCH',
      path: `${INCIDENTS}/${id}`,
      incident: {
        status: 'identified',
        body: 'We found the cause: a bad certificate.',
        components: { cmpcheckout1: 'partial_outage' },
      },
    });
    expect(resolve).toEqual({
      method: 'PATCH',
      path: `${INCIDENTS}/${id}`,
      incident: { status: 'resolved', components: { cmpcheckout1: 'operational' } },
    });
    await waitFor(
      () => readOutboundDeliveries(room.ic.doc)[firstId]?.hosted?.state === 'delivered',
      'the room to show the delivery',
    );
    expect(readOutboundDeliveries(room.ic.doc)[firstId]!.hosted).toMatchObject({
      kind: 'statuspage',
      attempts: 1,
      lastStatus: 201,
    });
    expect(room.relay.output()).not.toContain(STATUSPAGE_KEY);
  });

  it('a Statuspage that is down, then overloaded, then back gets each update once, in order', async () => {
    await start();
    await api.receiver.stop(); // refused connections first
    api.refuse = (index) => (index < 2 ? 503 : null);
    const room = await parts.openRoom(['--outbound', statuspageFile(api)]);
    publishAs(room.ic.doc, 'First.');
    publishAs(room.ic.doc, 'Second.', 'monitoring');
    const relayUrl = room.relay.url;
    await waitFor(
      async () => (await fetchMetric(relayUrl, 'relay_outbound_retries_total')) >= 2,
      'refused tries',
    );
    await api.receiver.listen();
    await waitFor(
      async () => (await fetchMetric(relayUrl, 'relay_outbound_pending')) === 0,
      'both delivered',
      15_000,
    );
    expect(api.receiver.requests.filter((request) => request.status === 503)).toHaveLength(2);
    expect(api.violations).toEqual([]);
    const [id] = [...api.incidents.keys()];
    expect(api.incidents.size).toBe(1);
    expect(
      api.accepted().map(({ method, path, incident }) => [method, path, incident.body]),
    ).toEqual([
      ['POST', INCIDENTS, 'First.'],
      ['PATCH', `${INCIDENTS}/${id}`, 'Second.'],
    ]);
  });

  it('after kill -9 between the create and the next update, that update still goes to the same incident', async () => {
    await start();
    const room = await parts.openRoom(['--outbound', statuspageFile(api)]);
    publishAs(room.ic.doc, 'Before the crash.');
    await waitFor(
      async () => (await fetchMetric(room.relay.url, 'relay_outbound_delivered_total')) === 1,
      'the create to be delivered',
    );
    const restarted = await room.relay.restart({ signal: 'SIGKILL' });
    await waitFor(() => room.ic.provider.synced, 'the client to reconnect');
    publishAs(room.ic.doc, 'After the crash.', 'identified');
    await waitFor(() => api.accepted().length === 2, 'the update after the restart', 10_000);
    const [id] = [...api.incidents.keys()];
    expect(api.incidents.size).toBe(1);
    expect(api.accepted()[1]).toMatchObject({
      method: 'PATCH',
      path: `${INCIDENTS}/${id}`,
      incident: { status: 'identified', body: 'After the crash.' },
    });
    expect(api.violations).toEqual([]);
    await restarted.stop();
  });

  it('a create whose answer was lost to kill -9 is found on the page after the restart, not made twice', async () => {
    await start();
    let posts = 0;
    api.loseAnswer = (request) => request.method === 'POST' && posts++ === 0;
    const room = await parts.openRoom(['--outbound', statuspageFile(api)]);
    publishAs(room.ic.doc, 'Created as the relay died.');
    await waitFor(() => api.incidents.size === 1, 'the incident to be made (its answer lost)');
    const restarted = await room.relay.restart({ signal: 'SIGKILL' });
    await waitFor(
      async () => (await fetchMetric(restarted.url, 'relay_outbound_delivered_total')) === 1,
      'the update to count as delivered after the restart',
    );
    await waitFor(() => room.ic.provider.synced, 'the client to reconnect');
    publishAs(room.ic.doc, 'The next update.', 'identified');
    // The create's answer never came, so the update is the only change answered.
    await waitFor(() => api.accepted().length === 1, 'the next update', 10_000);
    const [id] = [...api.incidents.keys()];
    expect(api.incidents.size).toBe(1);
    expect(api.accepted()[0]).toMatchObject({
      method: 'PATCH',
      path: `${INCIDENTS}/${id}`,
      incident: { body: 'The next update.' },
    });
    expect(api.receiver.requests.map((request) => request.method)).toEqual([
      'GET',
      'POST',
      'GET',
      'PATCH',
    ]);
    expect(api.violations).toEqual([]);
    await restarted.stop();
  });
});
