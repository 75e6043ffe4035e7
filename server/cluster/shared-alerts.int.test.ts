import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRoom } from '../../shared/read/read-room';
import { RELAY_ROOMS_PATH, type TeamRoomList } from '../../shared/protocol/relay-http';
import { PostgresRoomStore } from '../storage/postgres/postgres-room-store';
import { postHook, writeAlertSourcesFile } from '../testing/alert-hooks';
import { alertmanagerPayload } from '../testing/alert-payloads';
import {
  CLUSTER_TEAM_KEY,
  startSharedCluster,
  type SharedCluster,
} from '../testing/shared-cluster';
import { docFromStored } from '../testing/stored-room-doc';

const TOKEN = 'cluster-alerts-token-0123456789';
let cluster: SharedCluster;
let store: PostgresRoomStore;

beforeAll(async () => {
  const sources = `
sources:
  - id: prod
    kind: alertmanager
    authorization: { credentials: ${TOKEN} }
routes:
  - name: everything
    match: {}
    severity: SEV1
`;
  cluster = await startSharedCluster({
    relays: 3,
    args: ['--alert-sources', writeAlertSourcesFile(sources)],
  });
  store = await PostgresRoomStore.open(cluster.databaseUrl);
}, 120_000);

afterAll(async () => {
  await store?.close();
  await cluster?.destroy();
});

const post = (relayIndex: number, body: object) =>
  postHook(cluster.relays[relayIndex]!.url, 'prod', body, { authorization: `Bearer ${TOKEN}` });

interface HookAnswer {
  rooms: { id: string; opened: boolean; appended: number }[];
  duplicates: number;
}

describe('alert intake on three relays sharing PostgreSQL', () => {
  it('opens one room for a group whose notifications reach every relay at once, and appends each alert once', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    // Alertmanager's retries and its cluster peers send the same group to whichever relay the
    // load balancer picks: here, 30 notifications spread over the three relays together, each
    // notification sent twice.
    const notifications = Array.from({ length: 15 }, (_, index) =>
      alertmanagerPayload({
        groupLabels: { alertname: 'CheckoutErrors' },
        commonLabels: { severity: 'critical' },
        alerts: [{ startsAt, fingerprint: `checkout-${index}` }],
      }),
    );
    const responses = await Promise.all(
      [...notifications, ...notifications].map((body, index) => post(index % 3, body)),
    );
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    const answers = (await Promise.all(responses.map((r) => r.json()))) as HookAnswer[];
    const roomIds = new Set(answers.flatMap((answer) => answer.rooms.map((room) => room.id)));
    expect(roomIds.size).toBe(1);
    expect(answers.filter((answer) => answer.rooms[0]?.opened)).toHaveLength(1);
    const appended = answers.reduce((sum, answer) => sum + (answer.rooms[0]?.appended ?? 0), 0);
    const duplicates = answers.reduce((sum, answer) => sum + answer.duplicates, 0);
    expect([appended, duplicates]).toEqual([15, 15]);

    // Stored in PostgreSQL: declared SEV1 by the alert source, one entry per alert.
    const [roomId] = [...roomIds];
    const room = readRoom(docFromStored(await store.loadRoomState(roomId!)));
    expect(room.severity).toBe('SEV1');
    const alertEntries = room.timeline.filter((entry) => entry.kind === 'alert');
    expect(alertEntries).toHaveLength(15);

    // Every relay lists it as opened by the alert source.
    for (const relay of cluster.relays) {
      const response = await fetch(`${relay.url}${RELAY_ROOMS_PATH}`, {
        headers: { authorization: `Bearer ${CLUSTER_TEAM_KEY}` },
      });
      const list = (await response.json()) as TeamRoomList;
      expect(list.rooms.find((listed) => listed.id === roomId)?.source).toBe('prod');
    }
  }, 120_000);

  it('answers 503 while PostgreSQL is away and takes the retry once it is back', async () => {
    const body = alertmanagerPayload({
      groupLabels: { alertname: 'DiskFull' },
      commonLabels: { severity: 'critical' },
      alerts: [{ startsAt: new Date().toISOString(), fingerprint: 'disk-1' }],
    });
    await cluster.postgres.stop();
    const refused = await post(1, body);
    expect(refused.status).toBe(503);
    await cluster.postgres.start();
    const retried = await post(2, body);
    expect(retried.status, await retried.clone().text()).toBe(200);
    const answer = (await retried.json()) as HookAnswer;
    expect(answer.rooms).toMatchObject([{ opened: true, appended: 1 }]);
  }, 120_000);
});
