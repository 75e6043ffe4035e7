/**
 * Outbound notifications on three relays sharing one PostgreSQL outbox (real Redis, real
 * PostgreSQL, loopback receivers): every relay runs a sender, and each event still reaches its
 * receiver once, in order per room; a relay killed mid-request leaves its delivery to another.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEntityMap, roomRoots } from '../../shared/doc/roots';
import {
  addActionItem,
  assignRole,
  declareIncident,
  resolveIncident,
  setSeverity,
  type OperationContext,
} from '../../shared/ops';
import {
  readFollowUps,
  readFollowUpTargetsRoot,
  requestFollowUpIssue,
} from '../../shared/ops/follow-up-issues';
import { readOutboundDeliveries } from '../../shared/ops/outbound-delivery';
import {
  RELAY_OUTBOUND_DELIVERIES_PATH,
  type OutboundDeliveryList,
} from '../../shared/protocol/relay-http';
import {
  ALL_EVENTS,
  EVENT_ORDER,
  ReceiverPool,
  ic,
  outboundFile,
  publish,
  webhookTarget,
  type WebhookBody,
} from '../outbound/testing/outbound-fixtures';
import type { OutboundReceiver } from '../outbound/testing/outbound-receiver';
import { fakeGitHub, type FakeTracker } from '../outbound/trackers/testing/fake-trackers';
import { createTestRoom } from '../testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from '../testing/relay-clients';
import { fetchMetric } from '../testing/relay-http';
import {
  CLUSTER_TEAM_KEY,
  startSharedCluster,
  type SharedCluster,
} from '../testing/shared-cluster';
import { processOwningPort } from '../testing/socket-owner';

/**
 * How long a change may take to cross the cluster here: three relays, Redis and PostgreSQL share two
 * cores with the rest of the suite, and a receipt once took over 10 s in a fresh-clone CI run.
 * What is checked is that it arrives, on every relay; not how fast (bench/ measures that).
 */
const CROSS_CLUSTER_MS = 30_000;

const ROOMS = 4;
const GH_TOKEN = 'ghp_TESTclusterToken0123456789abcdefAB';
const receivers = new ReceiverPool();
let cluster: SharedCluster;
/** Every event of every room (routes below); `broken` refuses each update; `held` hangs once. */
let hook: OutboundReceiver;
let broken: OutboundReceiver;
let held: OutboundReceiver;
let github: FakeTracker;

beforeAll(async () => {
  const started = await Promise.all([1, 2, 3, 4].map(() => receivers.start()));
  [hook, broken, held] = started as [OutboundReceiver, OutboundReceiver, OutboundReceiver];
  const gh = started[3]!;
  github = fakeGitHub(gh, 'acme/payments', GH_TOKEN);
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'tracker-token-')), 'token');
  writeFileSync(tokenFile, GH_TOKEN);
  broken.answer = () => ({ status: 400, body: 'unknown field "room"' });
  held.answer = (_request, index) => (index === 0 ? 'hang' : { status: 200 });
  // timeoutMs 3000: longer than the request is held below; a claim's lease is then
  // 3 × 3 s + 5 s, the wait after the kill.
  const file = outboundFile([
    'delivery: { maxAttempts: 30, initialBackoffMs: 50, maxBackoffMs: 200, timeoutMs: 3000 }',
    'targets:',
    webhookTarget(hook.url()),
    webhookTarget(broken.url(), 'broken'),
    webhookTarget(held.url(), 'held'),
    `  - { id: gh, kind: github, repo: acme/payments, apiUrl: "${gh.url('')}", token: { file: ${tokenFile} } }`,
    'routes:',
    `  - { events: ${ALL_EVENTS}, targets: [ops-hook], severities: [SEV1, SEV2] }`,
    '  - { events: [status-update.published], targets: [broken] }',
    '  - { events: [severity.changed], targets: [held], severities: [SEV4] }',
  ]);
  cluster = await startSharedCluster({ relays: 3, args: ['--outbound', file] });
}, 120_000);

afterAll(async () => {
  await receivers.stopAll();
  await cluster?.destroy();
});

type Client = ReturnType<typeof connectStockClient>;

/** Until `to` has everything `from` has (nobody else writes the room meanwhile). */
function reached(from: Client, to: Client): Promise<void> {
  const vector = (client: Client) => Buffer.from(Y.encodeStateVector(client.doc));
  return waitFor(
    () => vector(from).equals(vector(to)),
    'the change to reach the next relay',
    CROSS_CLUSTER_MS,
  );
}

/** The webhook bodies one room's events arrived as, in arrival order. */
function bodiesOf(roomId: string): WebhookBody[] {
  return hook.bodies<WebhookBody>().filter((body) => body.room.id === roomId);
}

/**
 * One incident whose five changes are each made through the next relay (`clients[k]` is on relay
 * k), each once the one before has arrived at the receiver: every relay stores events, and the
 * head of the queue is free when it does. Returns the published update's id.
 */
async function incidentAcrossRelays(roomId: string, clients: readonly Client[]): Promise<string> {
  const who: OperationContext = ic;
  let updateId = '';
  const steps: ((doc: Y.Doc) => void)[] = [
    (doc) => declareIncident(doc, who, { title: 'Checkout errors', severity: 'SEV2' }),
    (doc) => setSeverity(doc, who, { severity: 'SEV1' }),
    (doc) => assignRole(doc, who, { role: 'comms', person: { id: 'u-cory', name: 'Cory' } }),
    (doc) => (updateId = publish(doc, `Card payments fail in ${roomId}.`)),
    (doc) => resolveIncident(doc, who, { overrideReason: 'test' }),
  ];
  for (const [index, step] of steps.entries()) {
    const client = clients[index % clients.length]!;
    step(client.doc);
    await waitFor(
      () => bodiesOf(roomId).length === index + 1,
      `event ${index + 1} of ${roomId}`,
      CROSS_CLUSTER_MS,
    );
    await reached(client, clients[(index + 1) % clients.length]!);
  }
  return updateId;
}

async function deliveriesFrom(relayUrl: string, state: string): Promise<OutboundDeliveryList> {
  const response = await fetch(`${relayUrl}${RELAY_OUTBOUND_DELIVERIES_PATH}?state=${state}`, {
    headers: { authorization: `Bearer ${CLUSTER_TEAM_KEY}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as OutboundDeliveryList;
}

describe('outbound notifications from three relays sharing one outbox', () => {
  it('send each event once, in order per room, though every relay runs a sender; every relay lists the same', async () => {
    const { relays } = cluster;
    const rooms = [];
    for (let r = 0; r < ROOMS; r += 1) rooms.push(await createTestRoom(relays[r % 3]!.url));
    // Per room a client on each relay, starting from a different relay in each room.
    const clients = rooms.map((room, r) =>
      [0, 1, 2].map((k) =>
        connectStockClient(relays[(r + k) % 3]!.wsRoomsUrl, room.id, room.writeKey),
      ),
    );
    await Promise.all(clients.flat().map((client) => waitForSynced(client.provider)));
    const updateIds = await Promise.all(
      rooms.map((room, r) => incidentAcrossRelays(room.id, clients[r]!)),
    );

    const events = ROOMS * EVENT_ORDER.length;
    await waitFor(
      async () => (await fetchMetric(relays[0]!.url, 'relay_outbound_pending')) === 0,
      'nothing pending in the shared outbox',
      20_000,
    );
    // Longer than a relay's look at the outbox (1 s): a second send would have arrived.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(hook.uniqueKeys()).toHaveLength(events);
    expect(hook.requests).toHaveLength(events);
    for (const room of rooms) {
      expect(bodiesOf(room.id).map((body) => body.type)).toEqual(EVENT_ORDER);
    }
    expect(broken.requests).toHaveLength(ROOMS);
    const delivered = await Promise.all(
      relays.map((relay) => fetchMetric(relay.url, 'relay_outbound_delivered_total')),
    );
    expect(delivered.reduce((sum, count) => sum + count, 0)).toBe(events);
    // The relays that stored the events sent them: more than one of them did.
    expect(delivered.filter((count) => count > 0).length).toBeGreaterThan(1);

    const lists = await Promise.all(relays.map((relay) => deliveriesFrom(relay.url, 'failed')));
    expect(new Set(lists.map((list) => JSON.stringify(list))).size).toBe(1);
    expect(lists[0]!.deliveries).toHaveLength(ROOMS);
    for (const failed of lists[0]!.deliveries) {
      expect(failed).toMatchObject({ targetId: 'broken', attempts: 1, lastStatus: 400 });
    }
    // The receipts reach each room, written by whichever relay sent them, seen on every relay.
    for (const [r, perRoom] of clients.entries()) {
      for (const client of perRoom) {
        await waitFor(
          () => {
            const targets = readOutboundDeliveries(client.doc)[updateIds[r]!] ?? {};
            return targets['ops-hook']?.state === 'delivered' && targets.broken?.state === 'failed';
          },
          `room ${r}'s delivery states on every relay`,
          CROSS_CLUSTER_MS,
        );
      }
    }
    for (const client of clients.flat()) client.provider.destroy();
  }, 120_000);

  it('a follow-up asked for through one relay becomes one issue, its link in the room on every relay', async () => {
    const { relays } = cluster;
    const room = await createTestRoom(relays[2]!.url);
    const [asker, watcher] = [0, 2].map((k) =>
      connectStockClient(relays[k]!.wsRoomsUrl, room.id, room.writeKey),
    ) as [Client, Client];
    await Promise.all([asker, watcher].map((client) => waitForSynced(client.provider)));
    declareIncident(asker.doc, ic, { title: 'Checkout errors', severity: 'SEV2' });
    // The relays offer their tracker targets to a declared room they hold.
    await waitFor(
      () => readFollowUpTargetsRoot(roomRoots(asker.doc).followUpTargets).length === 1,
      'the tracker target to be offered',
    );
    const itemId = addActionItem(asker.doc, ic, { title: 'Add a canary stage', owner: 'Iris' }).id;
    requestFollowUpIssue(asker.doc, ic, { itemId, targetId: 'gh' });
    const issueOn = (client: Client) => {
      const item = findEntityMap(roomRoots(client.doc).actionItems, itemId);
      return item ? readFollowUps(item).issues.gh : undefined;
    };
    await waitFor(
      () => issueOn(watcher)?.state === 'created',
      'the issue link on relay 2',
      CROSS_CLUSTER_MS,
    );
    expect(issueOn(watcher)).toMatchObject({
      url: 'https://github.com/acme/payments/issues/1',
      ref: '#1',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(github.refusals).toEqual([]);
    expect(github.issues.map((issue) => issue.fields.title)).toEqual(['Add a canary stage']);
    for (const client of [asker, watcher]) client.provider.destroy();
  }, 60_000);

  it('a relay killed mid-request leaves the delivery to another after its lease, with the same Idempotency-Key', async () => {
    const { relays } = cluster;
    const room = await createTestRoom(relays[0]!.url);
    const client = connectStockClient(relays[1]!.wsRoomsUrl, room.id, room.writeKey);
    await waitForSynced(client.provider);
    declareIncident(client.doc, ic, { title: 'Payments', severity: 'SEV2' });
    setSeverity(client.doc, ic, { severity: 'SEV4' });
    await waitFor(() => held.requests.length === 1, 'the request to be held open');
    // Claimed: the other relays look at the outbox each second and leave it alone.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(held.requests).toHaveLength(1);
    const pids = relays.map((relay) => relay.child.pid!);
    const sender = processOwningPort(held.requests[0]!.remotePort, pids);
    expect(sender, 'a relay process holds the request').not.toBeNull();
    const killed = pids.indexOf(sender!);
    await relays[killed]!.kill();

    await waitFor(() => held.requests.length === 2, 'another relay to send it again', 30_000);
    const [first, second] = held.requests;
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.body.equals(first!.body)).toBe(true);
    const alive = relays.filter((_relay, index) => index !== killed);
    await waitFor(
      async () => (await fetchMetric(alive[0]!.url, 'relay_outbound_pending')) === 0,
      'the delivery to be recorded',
    );
    const deliveredLists = await Promise.all(
      alive.map((relay) => deliveriesFrom(relay.url, 'delivered')),
    );
    for (const list of deliveredLists) {
      expect(list.deliveries.find((d) => d.targetId === 'held')).toMatchObject({
        roomId: room.id,
        eventType: 'severity.changed',
        state: 'delivered',
        attempts: 1,
      });
    }
    expect(held.requests).toHaveLength(2);
    client.provider.destroy();
  }, 90_000);
});
