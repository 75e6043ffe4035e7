import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postHook,
  readStoredRoom,
  storedAlertRooms,
  writeAlertSourcesFile,
} from '../../testing/alert-hooks';
import { spawnRelay, type SpawnedRelay } from '../../testing/spawn-relay';
import {
  CREATED_AT,
  INCIDENT_ID,
  OCCURRED_AT,
  incidentData,
  noteData,
  pagerdutyWebhook,
} from './pagerduty-fixtures';

// The pagerduty and generic kinds behind a real relay: signatures checked on the bytes that
// crossed the socket, refusals that write nothing, retries that append nothing.

const PD_SECRET = 'pd-current-secret-0123456789abcdef';
const PD_OLD_SECRET = 'pd-retired-secret-0123456789abcdef';
const GENERIC_SECRET = 'generic-secret-0123456789abcdef';

const SOURCES = `
sources:
  - id: pagerduty
    kind: pagerduty
    secrets: [${PD_SECRET}, ${PD_OLD_SECRET}]
  - id: deploy-bot
    kind: generic
    secret: ${GENERIC_SECRET}
    mapping:
      title: /alert/title
      dedupeKey: /alert/group
      status: { pointer: /alert/state, values: { open: firing, closed: resolved } }
      severity: /alert/severity
      time: { pointer: /alert/at, format: epoch-seconds }
      labels: /alert/labels
routes:
  - name: PagerDuty incidents
    sources: [pagerduty]
    severityMap: { P1: SEV1 }
  - name: deploys
    sources: [deploy-bot]
    severityMap: { critical: SEV2 }
`;

let relay: SpawnedRelay;

beforeAll(async () => {
  relay = await spawnRelay({ args: ['--alert-sources', writeAlertSourcesFile(SOURCES)] });
});
afterAll(() => relay.stop());

interface HookAnswer {
  rooms: { id: string; opened: boolean; appended: number }[];
  duplicates: number;
}

async function answerOf(response: Response): Promise<HookAnswer> {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as HookAnswer;
}

function hmacHex(secret: string, ...parts: string[]): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part, 'utf8');
  return hmac.digest('hex');
}

function postPagerDuty(payload: unknown, signature?: (body: string) => string) {
  const body = JSON.stringify(payload);
  const header = signature ? signature(body) : `v1=${hmacHex(PD_SECRET, body)}`;
  return postHook(relay.url, 'pagerduty', body, { 'x-pagerduty-signature': header });
}

function postGeneric(payload: unknown, timestamp = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify(payload);
  return postHook(relay.url, 'deploy-bot', body, {
    'x-incident-room-timestamp': String(timestamp),
    'x-incident-room-signature': `v1=${hmacHex(GENERIC_SECRET, `${timestamp}.`, body)}`,
  });
}

const alertRoomCount = () => storedAlertRooms(relay.dataDir).length;

describe('POST /hooks/<id> from PagerDuty', () => {
  it('opens one room per incident; acknowledge and notes append; a retry appends nothing', async () => {
    const triggered = pagerdutyWebhook('incident.triggered', incidentData());
    const opened = await answerOf(await postPagerDuty(triggered));
    expect(opened.rooms).toEqual([expect.objectContaining({ opened: true, appended: 1 })]);
    const roomId = opened.rooms[0]!.id;

    // PagerDuty's retry carries the same event id.
    expect(await answerOf(await postPagerDuty(triggered))).toMatchObject({
      rooms: [],
      duplicates: 1,
    });
    // Signed with the retired secret while rotating: still accepted.
    const acknowledged = pagerdutyWebhook('incident.acknowledged', incidentData());
    const ack = await answerOf(
      await postPagerDuty(acknowledged, (body) => `v1=${hmacHex(PD_OLD_SECRET, body)}`),
    );
    expect(ack.rooms).toEqual([expect.objectContaining({ id: roomId, opened: false })]);
    const note = pagerdutyWebhook('incident.annotated', noteData('Rolled back checkout to v41'));
    await answerOf(await postPagerDuty(note));

    expect(storedAlertRooms(relay.dataDir).filter((row) => row.dedupe_key === INCIDENT_ID)).toEqual(
      [expect.objectContaining({ source_id: 'pagerduty', room_id: roomId })],
    );
    const room = readStoredRoom(relay.dataDir, roomId);
    expect(room.severity).toBe('SEV1');
    const alerts = room.timeline.filter((entry) => entry.kind === 'alert');
    expect(alerts.map((entry) => entry.at)).toEqual([
      new Date(CREATED_AT).toISOString(),
      new Date(OCCURRED_AT).toISOString(),
      new Date(OCCURRED_AT).toISOString(),
    ]);
    expect(alerts[2]!.text).toContain('Rolled back checkout to v41');
  });

  it('refuses a missing, wrong or stale signature with nothing written', async () => {
    const rooms = alertRoomCount();
    const payload = pagerdutyWebhook('incident.triggered', incidentData({ id: 'QREFUSED' }));
    const body = JSON.stringify(payload);
    const missing = await postHook(relay.url, 'pagerduty', body);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'missing X-PagerDuty-Signature header' });
    const wrongSecret = await postPagerDuty(
      payload,
      (sent) => `v1=${hmacHex('not-the-secret-0000', sent)}`,
    );
    expect(wrongSecret.status).toBe(403);
    const tampered = await postPagerDuty(
      payload,
      () => `v1=${hmacHex(PD_SECRET, body.replace('P1', 'P4'))}`,
    );
    expect(tampered.status).toBe(403);
    expect(alertRoomCount()).toBe(rooms);
  });

  it('answers a service event 200 with no room', async () => {
    const rooms = alertRoomCount();
    const payload = pagerdutyWebhook('service.updated', { id: 'PSVC01A', type: 'service' });
    expect(await answerOf(await postPagerDuty(payload))).toMatchObject({ rooms: [] });
    expect(alertRoomCount()).toBe(rooms);
  });
});

describe('POST /hooks/<id> from a generic sender', () => {
  const alert = (state: string, at: number) => ({
    alert: {
      title: 'Checkout deploy failed',
      group: 'deploy-checkout',
      state,
      severity: 'critical',
      at,
      labels: { service: 'checkout', env: 'prod' },
    },
  });
  const startedAt = Math.floor(Date.now() / 1000) - 600;

  it('opens a room at the mapped time; a resolve appends; a resend within the window is a duplicate', async () => {
    const firing = alert('open', startedAt);
    const opened = await answerOf(await postGeneric(firing));
    expect(opened.rooms).toEqual([expect.objectContaining({ opened: true, appended: 1 })]);
    const roomId = opened.rooms[0]!.id;
    expect(await answerOf(await postGeneric(firing))).toMatchObject({ duplicates: 1 });
    const resolved = await answerOf(await postGeneric(alert('closed', startedAt + 300)));
    expect(resolved.rooms).toEqual([expect.objectContaining({ id: roomId, appended: 1 })]);

    const room = readStoredRoom(relay.dataDir, roomId);
    expect(room.severity).toBe('SEV2');
    expect(
      room.timeline.filter((entry) => entry.kind === 'alert').map((entry) => entry.at),
    ).toEqual([
      new Date(startedAt * 1000).toISOString(),
      new Date((startedAt + 300) * 1000).toISOString(),
    ]);
  });

  it('refuses a request outside the replay window, and a body the mapping cannot read', async () => {
    const rooms = alertRoomCount();
    const stale = await postGeneric(alert('open', startedAt), Math.floor(Date.now() / 1000) - 400);
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { error: string }).error).toMatch(
      /^timestamp outside the replay window/,
    );
    const unreadable = await postGeneric({ alert: { title: 'No group' } });
    expect(unreadable.status).toBe(400);
    expect(await unreadable.json()).toEqual({
      error: 'dedupeKey: nothing at /alert/group in the body',
    });
    expect(alertRoomCount()).toBe(rooms);
  });
});
