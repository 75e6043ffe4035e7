import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchMetric } from '../testing/relay-http';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';
import {
  postHook,
  readStoredRoom,
  storedAlertRooms,
  writeAlertSourcesFile,
} from '../testing/alert-hooks';
import { alertmanagerPayload, grafanaPayload, type TestGroup } from '../testing/alert-payloads';

const AM_TOKEN = 'am-token-0123456789abcdef';
const GRAFANA_TOKEN = 'grafana-token-0123456789abcdef';
const HMAC_SECRET = 'grafana-hmac-secret-0123456789';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

const SOURCES = `
sources:
  - id: prod-am
    kind: alertmanager
    authorization: { type: Bearer, credentials: ${AM_TOKEN} }
  - id: edge-am
    kind: alertmanager
    basic_auth: { username: alertmanager, password: edge-password-0123456789 }
  - id: grafana
    kind: grafana
    authorization: { credentials: ${GRAFANA_TOKEN} }
  - id: grafana-signed
    kind: grafana
    hmac: { secret: ${HMAC_SECRET}, timestampHeader: X-Grafana-Alerting-Timestamp }
routes:
  - name: database only joins
    match: { team: db }
    action: attach
  - name: paging alerts
    match: { severity: { regex: critical|warning } }
    severityMap: { critical: SEV1, warning: SEV3 }
    incidentType: bad-deploy
    team: payments
    runbook: https://runbooks.example.com/checkout
    checklist: first-15-minutes
    page: [ops, comms]
`;

let relay: SpawnedRelay;

beforeAll(async () => {
  relay = await spawnRelay({
    args: ['--alert-sources', writeAlertSourcesFile(SOURCES), '--max-hook-body-bytes', '65536'],
  });
});
afterAll(() => relay.stop());

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function checkoutGroup(alerts: TestGroup['alerts'], name = 'CheckoutErrors'): TestGroup {
  return {
    groupLabels: { alertname: name },
    commonLabels: { severity: 'critical', service: 'checkout-api' },
    alerts,
  };
}

async function answerOf(response: Response) {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as {
    rooms: { id: string; opened: boolean; appended: number }[];
    duplicates: number;
    unrouted: number;
  };
}

describe('POST /hooks/<source-id> from Alertmanager', () => {
  const startsAt = minutesAgo(7);
  const group = checkoutGroup([{ startsAt, fingerprint: 'a1b2c3d4e5f60001' }]);

  it('opens a declared room with the alert on its timeline at the alert time', async () => {
    const sent = Date.now();
    const answer = await answerOf(
      await postHook(relay.url, 'prod-am', alertmanagerPayload(group), bearer(AM_TOKEN)),
    );
    expect(answer).toMatchObject({ duplicates: 0, unrouted: 0 });
    expect(answer.rooms).toEqual([expect.objectContaining({ opened: true, appended: 1 })]);
    const room = readStoredRoom(relay.dataDir, answer.rooms[0]!.id);
    expect(room).toMatchObject({
      title: 'CheckoutErrors: Checkout 5xx above 5 % for 5 minutes',
      severity: 'SEV1',
    });
    expect(room.phase).toBe('investigating');
    expect(room.milestones.detected).toBe(startsAt);
    const alerts = room.timeline.filter((entry) => entry.kind === 'alert');
    expect(alerts).toHaveLength(1);
    const entry = alerts[0]!;
    expect(entry.at).toBe(startsAt);
    expect(Date.parse(entry.recordedAt)).toBeGreaterThanOrEqual(sent - 1000);
    expect(entry.text).toContain('[FIRING] CheckoutErrors');
    expect(entry.text).toContain('severity=critical');
    expect(entry.text).toContain('Generator: http://prometheus.example.com:9090/graph');
    expect(entry.text).toContain('Runbook: https://runbooks.example.com/checkout-5xx');
    const routing = room.timeline.find((candidate) =>
      candidate.text.startsWith('Opened by alert source prod-am'),
    );
    expect(room.pagedRoles).toMatchObject({
      roles: ['ops', 'comms'],
      reason: 'rule "paging alerts"',
    });
    expect(room.timeline.map((candidate) => candidate.text)).toContain(
      'Paged: Operations lead, Communications lead (rule "paging alerts")',
    );
    expect(routing?.text).toContain('checklist: first-15-minutes');
    expect(room.links.runbook?.url).toBe('https://runbooks.example.com/checkout');
  });

  it('appends a new alert, a resolve and a flap of the group to the same room, never resolving it', async () => {
    const [opened] = storedAlertRooms(relay.dataDir).filter((row) => row.source_id === 'prod-am');
    const grown = checkoutGroup([
      { startsAt, fingerprint: 'a1b2c3d4e5f60001' },
      { startsAt: minutesAgo(3), fingerprint: 'a1b2c3d4e5f60002' },
    ]);
    const second = await answerOf(
      await postHook(relay.url, 'prod-am', alertmanagerPayload(grown), bearer(AM_TOKEN)),
    );
    // Alertmanager sends the whole group again: the alert already in the room is not repeated.
    expect(second).toMatchObject({
      duplicates: 1,
      rooms: [{ id: opened!.room_id, opened: false, appended: 1 }],
    });
    const endsAt = minutesAgo(1);
    const resolved = checkoutGroup([
      { status: 'resolved', startsAt, endsAt, fingerprint: 'a1b2c3d4e5f60001' },
    ]);
    const third = await answerOf(
      await postHook(relay.url, 'prod-am', alertmanagerPayload(resolved), bearer(AM_TOKEN)),
    );
    expect(third.rooms).toEqual([
      { id: opened!.room_id, dedupeKey: opened!.dedupe_key, opened: false, appended: 1 },
    ]);
    const flap = checkoutGroup([{ startsAt: minutesAgo(0.5), fingerprint: 'a1b2c3d4e5f60001' }]);
    await answerOf(
      await postHook(relay.url, 'prod-am', alertmanagerPayload(flap), bearer(AM_TOKEN)),
    );

    const room = readStoredRoom(relay.dataDir, opened!.room_id);
    const alerts = room.timeline.filter((entry) => entry.kind === 'alert');
    expect(alerts.map((entry) => entry.text.split(' ', 1)[0])).toEqual([
      '[FIRING]',
      '[FIRING]',
      '[RESOLVED]',
      '[FIRING]',
    ]);
    expect(alerts[2]!.at).toBe(endsAt);
    expect(room.phase).toBe('investigating');
    expect(room.milestones.detected).toBe(startsAt);
    expect(
      storedAlertRooms(relay.dataDir).filter((row) => row.source_id === 'prod-am'),
    ).toHaveLength(1);
  });

  it('appends nothing for a retried request, even one sent while the first is being written', async () => {
    const retried = alertmanagerPayload(
      checkoutGroup([{ startsAt: minutesAgo(2), fingerprint: 'f0f0f0f0f0f00001' }], 'RetryMe'),
    );
    const atOnce = await Promise.all(
      [1, 2, 3, 4].map(() => postHook(relay.url, 'prod-am', retried, bearer(AM_TOKEN))),
    );
    const later = await postHook(relay.url, 'prod-am', retried, bearer(AM_TOKEN));
    const answers = await Promise.all([...atOnce, later].map(answerOf));
    const written = answers.filter((answer) => answer.rooms.length > 0);
    expect(written).toHaveLength(1);
    expect(answers.map((answer) => answer.duplicates).sort()).toEqual([0, 1, 1, 1, 1]);
    const room = readStoredRoom(relay.dataDir, written[0]!.rooms[0]!.id);
    expect(room.timeline.filter((entry) => entry.kind === 'alert')).toHaveLength(1);
  });

  it('takes basic auth as Alertmanager http_config sends it', async () => {
    const payload = alertmanagerPayload(
      checkoutGroup([{ startsAt: minutesAgo(4), fingerprint: 'ed9e0001' }], 'EdgeLatency'),
    );
    const refused = await postHook(
      relay.url,
      'edge-am',
      payload,
      basic('alertmanager', 'wrong-password-000000'),
    );
    expect(refused.status).toBe(403);
    const taken = await answerOf(
      await postHook(
        relay.url,
        'edge-am',
        payload,
        basic('alertmanager', 'edge-password-0123456789'),
      ),
    );
    expect(taken.rooms[0]?.opened).toBe(true);
  });
});

describe('POST /hooks/<source-id> from Grafana', () => {
  it('opens a room from a contact point with an Authorization header, keeping its links', async () => {
    const startsAt = minutesAgo(6);
    const payload = grafanaPayload(
      checkoutGroup([{ startsAt, fingerprint: '9d1c0ffee0000001' }], 'GrafanaCheckout'),
    );
    const answer = await answerOf(
      await postHook(relay.url, 'grafana', payload, bearer(GRAFANA_TOKEN)),
    );
    const room = readStoredRoom(relay.dataDir, answer.rooms[0]!.id);
    const entry = room.timeline.find((candidate) => candidate.kind === 'alert')!;
    expect(entry.at).toBe(startsAt);
    expect(entry.text).toContain('Dashboard: https://grafana.example.com/d/checkout?orgId=1');
    expect(entry.text).toContain(
      'Panel: https://grafana.example.com/d/checkout?orgId=1&viewPanel=4',
    );
    expect(room.milestones.detected).toBe(startsAt);
  });

  it('checks the HMAC signature over timestamp and body, and its age', async () => {
    const body = JSON.stringify(
      grafanaPayload(
        checkoutGroup([{ startsAt: minutesAgo(5), fingerprint: '5196ed0000000001' }], 'Signed'),
      ),
    );
    const sign = (timestamp: number, secret = HMAC_SECRET) => ({
      'x-grafana-alerting-timestamp': String(timestamp),
      'x-grafana-alerting-signature': createHmac('sha256', secret)
        .update(`${timestamp}:${body}`)
        .digest('hex'),
    });
    const now = Math.floor(Date.now() / 1000);
    const refusals: [string, Record<string, string>, number][] = [
      ['no signature', {}, 401],
      ['wrong secret', sign(now, 'another-secret-0123456789'), 403],
      ['stale timestamp', sign(now - 3600), 401],
      ['timestamp changed', { ...sign(now), 'x-grafana-alerting-timestamp': String(now + 1) }, 403],
    ];
    for (const [what, headers, status] of refusals) {
      const response = await postHook(relay.url, 'grafana-signed', body, headers);
      expect({ what, status: response.status }).toEqual({ what, status });
    }
    const taken = await answerOf(await postHook(relay.url, 'grafana-signed', body, sign(now)));
    expect(taken.rooms[0]?.opened).toBe(true);
  });
});

describe('refusals and unrouted alerts', () => {
  it('refuses bad requests with one line each and changes nothing', async () => {
    const before = storedAlertRooms(relay.dataDir);
    const payload = alertmanagerPayload(
      checkoutGroup([{ startsAt: minutesAgo(1), fingerprint: 'bad0000000000001' }], 'NeverOpened'),
    );
    const big = alertmanagerPayload(
      checkoutGroup(
        [
          {
            startsAt: minutesAgo(1),
            fingerprint: 'bad0000000000002',
            annotations: { description: 'x'.repeat(70_000) },
          },
        ],
        'TooBig',
      ),
    );
    const refusals: [string, Response, number][] = [
      ['unknown source', await postHook(relay.url, 'nobody', payload, bearer(AM_TOKEN)), 404],
      ['no credentials', await postHook(relay.url, 'prod-am', payload), 401],
      ['wrong token', await postHook(relay.url, 'prod-am', payload, bearer(`${AM_TOKEN}x`)), 403],
      [
        'another source token',
        await postHook(relay.url, 'prod-am', payload, bearer(GRAFANA_TOKEN)),
        403,
      ],
      [
        'malformed JSON',
        await postHook(relay.url, 'prod-am', '{"version": "4", "alerts": [', bearer(AM_TOKEN)),
        400,
      ],
      [
        'not a payload',
        await postHook(relay.url, 'prod-am', { hello: 'world' }, bearer(AM_TOKEN)),
        400,
      ],
      [
        'wrong version',
        await postHook(relay.url, 'prod-am', { ...payload, version: '3' }, bearer(AM_TOKEN)),
        400,
      ],
      ['over the limit', await postHook(relay.url, 'prod-am', big, bearer(AM_TOKEN)), 413],
    ];
    for (const [what, response, status] of refusals) {
      expect({ what, status: response.status }).toEqual({ what, status });
      const { error } = (await response.json()) as { error: string };
      expect(error, what).toMatch(/^[^\n]+$/);
      expect(error, what).not.toContain(AM_TOKEN);
    }
    expect(storedAlertRooms(relay.dataDir)).toEqual(before);
  });

  it('records an alert no rule takes, counts it and lists it to the source', async () => {
    const before = await fetchMetric(
      relay.url,
      'relay_alerts_total{source="prod-am",outcome="unrouted"}',
    );
    const info = alertmanagerPayload({
      groupLabels: { alertname: 'DiskFillingSlowly' },
      commonLabels: { severity: 'info' },
      alerts: [{ startsAt: minutesAgo(30), fingerprint: 'd15c000000000001' }],
    });
    const attachOnly = alertmanagerPayload({
      groupLabels: { alertname: 'ReplicaLag' },
      commonLabels: { severity: 'critical', team: 'db' },
      alerts: [{ startsAt: minutesAgo(2), fingerprint: 'db00000000000001' }],
    });
    expect(await answerOf(await postHook(relay.url, 'prod-am', info, bearer(AM_TOKEN)))).toEqual({
      rooms: [],
      duplicates: 0,
      unrouted: 1,
    });
    expect(
      await answerOf(await postHook(relay.url, 'prod-am', attachOnly, bearer(AM_TOKEN))),
    ).toMatchObject({ rooms: [], unrouted: 1 });
    // A group whose first news is its resolve (its firing was never routed) opens no room.
    const goneAlready = alertmanagerPayload(
      checkoutGroup(
        [{ status: 'resolved', startsAt: minutesAgo(20), fingerprint: '90e0000000000001' }],
        'GoneAlready',
      ),
    );
    expect(
      await answerOf(await postHook(relay.url, 'prod-am', goneAlready, bearer(AM_TOKEN))),
    ).toMatchObject({ rooms: [], unrouted: 1 });
    // A retry of an unrouted alert is not recorded twice.
    expect(
      await answerOf(await postHook(relay.url, 'prod-am', info, bearer(AM_TOKEN))),
    ).toMatchObject({ unrouted: 0, duplicates: 1 });
    expect(
      await fetchMetric(relay.url, 'relay_alerts_total{source="prod-am",outcome="unrouted"}'),
    ).toBe(before + 3);

    expect((await fetch(`${relay.url}/hooks/prod-am/unrouted`)).status).toBe(401);
    const listed = await fetch(`${relay.url}/hooks/prod-am/unrouted`, {
      headers: bearer(AM_TOKEN),
    });
    expect(listed.status).toBe(200);
    const { alerts } = (await listed.json()) as {
      alerts: { reason: string; alert: { title: string } }[];
    };
    expect(alerts.map((row) => [row.alert.title.split(':', 1)[0], row.reason])).toEqual([
      ['GoneAlready', 'a resolve for a group that has no room'],
      ['ReplicaLag', 'rule "database only joins" only attaches, and no room is open'],
      ['DiskFillingSlowly', 'no routing rule matches'],
    ]);
  });
});

describe('--alert-sources', () => {
  it('refuses to start on a bad file, naming the line and the field', async () => {
    const bad = writeAlertSourcesFile(
      [
        'sources:',
        '  - id: prod-am',
        '    kind: alertmanager',
        '    authorization:',
        '      credentials: short',
        '',
      ].join('\n'),
    );
    const start = spawnRelay({ args: ['--alert-sources', bad] });
    await expect(start).rejects.toThrow(
      /relay exited with code 2[^]*alert sources file .*alert-sources\.yaml: line 5: sources\[0\]\.authorization\.credentials: must be at least 16 characters/,
    );
  });
});
