import { afterEach, expect, it } from 'vitest';
import {
  postHook,
  readStoredRoom,
  storedAlertRooms,
  writeAlertSourcesFile,
} from '../testing/alert-hooks';
import { alertmanagerPayload, type TestAlert } from '../testing/alert-payloads';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';

const TOKEN = 'durable-token-0123456789abcdef';
const SOURCES = `
sources:
  - id: prod-am
    kind: alertmanager
    authorization: { credentials: ${TOKEN} }
routes:
  - name: all
    match: {}
`;

let relay: SpawnedRelay | null = null;
afterEach(async () => {
  await relay?.stop();
  relay = null;
});

function group(alerts: TestAlert[]) {
  return alertmanagerPayload({
    groupLabels: { alertname: 'PaymentsDown' },
    commonLabels: { severity: 'critical' },
    alerts,
  });
}

async function send(body: object) {
  const response = await postHook(relay!.url, 'prod-am', body, {
    authorization: `Bearer ${TOKEN}`,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { rooms: { id: string }[]; duplicates: number };
}

const alertEntries = (dataDir: string, roomId: string) =>
  readStoredRoom(dataDir, roomId).timeline.filter((entry) => entry.kind === 'alert');

it('keeps an answered notification through kill -9, and a retry after the restart doubles nothing', async () => {
  relay = await spawnRelay({ args: ['--alert-sources', writeAlertSourcesFile(SOURCES)] });
  const startsAt = new Date(Date.now() - 120_000).toISOString();
  // A big notification (a whole group at once) makes a big write: without the wait for the disk
  // the answer would leave long before the commit, and the kill would lose it.
  const alerts = Array.from({ length: 2000 }, (_, index) => ({
    startsAt,
    fingerprint: `pay${String(index).padStart(13, '0')}`,
    labels: { instance: `payments-${index}.prod.example.com:8080`, pod: `payments-7c9f-${index}` },
  }));
  const first = group(alerts);
  const answer = await send(first);
  // Killed the moment the answer arrived: no shutdown, no flush, no compaction.
  await relay.kill();
  const roomId = answer.rooms[0]!.id;
  const kept = alertEntries(relay.dataDir, roomId);
  expect(kept).toHaveLength(alerts.length);
  expect(kept.every((entry) => entry.at === startsAt)).toBe(true);

  relay = await relay.restart();
  expect(await send(first)).toMatchObject({ rooms: [], duplicates: alerts.length });
  await relay.stop();
  expect(alertEntries(relay.dataDir, roomId)).toHaveLength(alerts.length);
});

it('appends the same group to the same room after a restart', async () => {
  relay = await spawnRelay({ args: ['--alert-sources', writeAlertSourcesFile(SOURCES)] });
  const startsAt = new Date(Date.now() - 120_000).toISOString();
  const before = await send(group([{ startsAt, fingerprint: 'pay0000000000001' }]));
  relay = await relay.restart();
  const after = await send(
    group([
      { startsAt, fingerprint: 'pay0000000000001' },
      { startsAt: new Date(Date.now() - 30_000).toISOString(), fingerprint: 'pay0000000000002' },
    ]),
  );
  expect(after).toMatchObject({ rooms: [{ id: before.rooms[0]!.id }], duplicates: 1 });
  await relay.stop();
  expect(storedAlertRooms(relay.dataDir)).toHaveLength(1);
  expect(alertEntries(relay.dataDir, before.rooms[0]!.id)).toHaveLength(2);
});
