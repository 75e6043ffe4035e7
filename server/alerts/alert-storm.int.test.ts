import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  postHook,
  readStoredRoom,
  storedAlertRooms,
  writeAlertSourcesFile,
} from '../testing/alert-hooks';
import { alertmanagerPayload, type TestAlert } from '../testing/alert-payloads';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';

const TOKEN = 'storm-token-0123456789abcdef';
const GROUPS = 50;
const ALERTS_PER_GROUP = 200;
/** Alertmanager sends a group's alerts together; a big group comes in several notifications. */
const ALERTS_PER_REQUEST = 50;
const CONCURRENT_REQUESTS = 8;

let relay: SpawnedRelay;

const post = (body: object) =>
  postHook(relay.url, 'storm', body, { authorization: `Bearer ${TOKEN}` });

beforeAll(async () => {
  const sources = `
sources:
  - id: storm
    kind: alertmanager
    authorization: { credentials: ${TOKEN} }
routes:
  - name: everything
    match: {}
    severity: SEV2
`;
  relay = await spawnRelay({ args: ['--alert-sources', writeAlertSourcesFile(sources)] });
});
afterAll(() => relay.stop());

it('first notifications of one new group sent at once open one room', async () => {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      post(
        alertmanagerPayload({
          groupLabels: { alertname: 'Simultaneous' },
          commonLabels: { severity: 'critical' },
          alerts: [{ startsAt, fingerprint: `simultaneous-${index}` }],
        }),
      ),
    ),
  );
  const answers = (await Promise.all(responses.map((response) => response.json()))) as {
    rooms: { id: string; opened: boolean }[];
  }[];
  const ids = new Set(answers.flatMap((answer) => answer.rooms.map((room) => room.id)));
  expect(ids.size).toBe(1);
  expect(answers.filter((answer) => answer.rooms[0]?.opened)).toHaveLength(1);
});

it('a storm of 10,000 alerts in 50 groups opens exactly 50 rooms and loses no alert', async () => {
  const startsAt = new Date(Date.now() - 10 * 60_000).toISOString();
  const requests: object[] = [];
  // Batch by batch across the groups, so concurrent requests are for different groups and for
  // the same group, as in a real storm.
  for (let first = 0; first < ALERTS_PER_GROUP; first += ALERTS_PER_REQUEST) {
    for (let group = 0; group < GROUPS; group += 1) {
      const alerts: TestAlert[] = [];
      for (let index = first; index < first + ALERTS_PER_REQUEST; index += 1) {
        alerts.push({
          startsAt,
          fingerprint: `g${group}-a${index}`,
          labels: { instance: `node-${index}:9100` },
        });
      }
      requests.push(
        alertmanagerPayload({
          groupLabels: { alertname: 'NodeDown', cluster: `cluster-${group}` },
          commonLabels: { severity: 'critical' },
          alerts,
        }),
      );
    }
  }
  const started = performance.now();
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENT_REQUESTS }, async () => {
      while (next < requests.length) {
        const body = requests[(next += 1) - 1]!;
        const response = await post(body);
        statuses.push(response.status);
        await response.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  expect(statuses.filter((status) => status !== 200)).toEqual([]);
  expect(statuses).toHaveLength(GROUPS * (ALERTS_PER_GROUP / ALERTS_PER_REQUEST));

  await relay.stop();
  const rooms = storedAlertRooms(relay.dataDir).filter((row) =>
    row.dedupe_key.includes('NodeDown'),
  );
  expect(rooms).toHaveLength(GROUPS);
  let entries = 0;
  for (const { room_id } of rooms) {
    const room = readStoredRoom(relay.dataDir, room_id);
    const alerts = room.timeline.filter((entry) => entry.kind === 'alert');
    expect(alerts).toHaveLength(ALERTS_PER_GROUP);
    expect(alerts.every((entry) => entry.at === startsAt)).toBe(true);
    entries += alerts.length;
  }
  expect(entries).toBe(GROUPS * ALERTS_PER_GROUP);
  console.log(
    `storm: ${entries} alerts in ${requests.length} requests → ${rooms.length} rooms in ${seconds.toFixed(1)} s`,
  );
}, 180_000);
