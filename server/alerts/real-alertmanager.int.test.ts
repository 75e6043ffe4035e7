import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readStoredRoom, storedAlertRooms, writeAlertSourcesFile } from '../testing/alert-hooks';
import { freePort } from '../testing/free-port';
import { waitFor } from '../testing/relay-clients';
import { spawnRelay, type SpawnedRelay } from '../testing/spawn-relay';

/**
 * The real sender: Debian's prometheus-alertmanager (installed by .ci/run) on a loopback port,
 * with a receiver whose webhook is our relay, fed one alert through its own API. This is the
 * test that the payload, the auth header and the grouping are Alertmanager's, not our idea of them.
 */
const BINARIES = ['prometheus-alertmanager', 'alertmanager'];
const TOKEN = 'real-alertmanager-token-0123456789';

let relay: SpawnedRelay | undefined;
let alertmanager: ChildProcess | undefined;

afterAll(async () => {
  alertmanager?.kill('SIGKILL');
  await relay?.stop();
});

function findAlertmanager(): string {
  for (const name of BINARIES) {
    if (spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0) return name;
  }
  throw new Error(
    'Alertmanager is not installed (no prometheus-alertmanager or alertmanager on PATH): apt-get install prometheus-alertmanager, as .ci/run does.',
  );
}

function alertmanagerConfig(relayUrl: string): string {
  return `
route:
  receiver: incident-room
  group_by: [alertname, service]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: incident-room
    webhook_configs:
      - url: ${relayUrl}/hooks/prod-am
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${TOKEN}
`;
}

it('a real Alertmanager opens a room on the relay, the alert at its startsAt', async () => {
  const binary = findAlertmanager();
  relay = await spawnRelay({
    args: [
      '--alert-sources',
      writeAlertSourcesFile(`
sources:
  - id: prod-am
    kind: alertmanager
    authorization: { credentials: ${TOKEN} }
routes:
  - name: critical
    match: { severity: critical }
    severity: SEV1
`),
    ],
  });
  const folder = mkdtempSync(join(tmpdir(), 'alertmanager-'));
  writeFileSync(join(folder, 'alertmanager.yml'), alertmanagerConfig(relay.url));
  const port = await freePort();
  let output = '';
  alertmanager = spawn(
    binary,
    [
      `--config.file=${join(folder, 'alertmanager.yml')}`,
      `--storage.path=${join(folder, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip: a test must not listen on every interface.
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  alertmanager.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  alertmanager.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const api = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => (await fetch(`${api}/-/ready`).catch(() => null))?.ok === true,
    'Alertmanager to be ready',
    20_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output}`);
  });

  const startsAt = new Date(Date.now() - 90_000).toISOString();
  const posted = await fetch(`${api}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        labels: { alertname: 'CheckoutErrors', service: 'checkout-api', severity: 'critical' },
        annotations: { summary: 'Checkout 5xx above 5 %' },
        startsAt,
        generatorURL: 'http://prometheus.example.com/graph?g0.expr=up',
      },
    ]),
  });
  expect(posted.status).toBe(200);

  // The room's row is stored before its first update: wait for the alert entry itself.
  const alertEntries = () => {
    const rows = storedAlertRooms(relay!.dataDir);
    if (rows.length === 0) return [];
    return readStoredRoom(relay!.dataDir, rows[0]!.room_id).timeline.filter(
      (entry) => entry.kind === 'alert',
    );
  };
  await waitFor(() => alertEntries().length > 0, 'the room Alertmanager opens', 20_000).catch(
    (error: unknown) => {
      throw new Error(`${String(error)}\nalertmanager:\n${output}\nrelay:\n${relay!.output()}`);
    },
  );
  const [row] = storedAlertRooms(relay.dataDir);
  expect(row?.dedupe_key).toContain('alertname="CheckoutErrors"');
  const room = readStoredRoom(relay.dataDir, row!.room_id);
  expect(room).toMatchObject({ title: 'CheckoutErrors: Checkout 5xx above 5 %', severity: 'SEV1' });
  const entries = room.timeline.filter((entry) => entry.kind === 'alert');
  expect(entries).toHaveLength(1);
  expect(Date.parse(entries[0]!.at)).toBe(Date.parse(startsAt));
  expect(entries[0]!.text).toContain('Generator: http://prometheus.example.com/graph');
}, 60_000);
