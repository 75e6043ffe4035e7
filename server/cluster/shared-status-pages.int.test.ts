import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveStatusUpdate,
  declareIncident,
  publishStatusUpdate,
  setStatusDraft,
  setStatusPage,
  type OperationContext,
} from '../../shared/ops';
import type { StatusPageView } from '../status-pages/status-page-view';
import { createTestRoom } from '../testing/create-test-room';
import { connectStockClient, waitFor, waitForSynced } from '../testing/relay-clients';
import { startSharedCluster, type SharedCluster } from '../testing/shared-cluster';

const PAGES = `
pages:
  - id: public
    title: Example status
    components:
      - { id: api, name: API }
      - { id: dashboard, name: Dashboard }
`;
const PUBLISHED = 'Card payments fail for some customers; retries help.';
const FORMATS = ['/status/public', '/status/public.json', '/status/public.atom'];

let cluster: SharedCluster;
let ic: ReturnType<typeof connectStockClient> | null = null;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'status-pages-')), 'pages.yaml');
  writeFileSync(file, PAGES);
  cluster = await startSharedCluster({ relays: 3, args: ['--status-pages', file] });
}, 120_000);

afterAll(async () => {
  ic?.provider.destroy();
  await cluster?.destroy();
});

interface Served {
  status: number;
  body: string;
  etag: string | null;
}

async function get(relayIndex: number, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${cluster.relays[relayIndex]!.url}${path}`, { headers });
  const served: Served = {
    status: response.status,
    body: await response.text(),
    etag: response.headers.get('etag'),
  };
  return served;
}

async function pageView(relayIndex: number): Promise<StatusPageView | null> {
  const served = await get(relayIndex, '/status/public.json');
  return served.status === 200 ? (JSON.parse(served.body) as StatusPageView) : null;
}

/** Every format of the page from every relay: [format][relay]. */
function servedEverywhere(): Promise<Served[][]> {
  return Promise.all(
    FORMATS.map((path) => Promise.all(cluster.relays.map((_relay, index) => get(index, path)))),
  );
}

function expectTheSame(served: Served[][]): void {
  for (const byRelay of served) {
    expect(byRelay.map((one) => one.status)).toEqual([200, 200, 200]);
    expect(new Set(byRelay.map((one) => one.body)).size).toBe(1);
    expect(new Set(byRelay.map((one) => one.etag)).size).toBe(1);
  }
}

describe('status pages on three relays sharing PostgreSQL', () => {
  it('serves an update published through relay 0 from every relay, byte for byte, within seconds', async () => {
    const before = await servedEverywhere();
    expectTheSame(before);
    // The host's chooser reads the index; every relay offers the same pages.
    const indexes = await Promise.all([0, 1, 2].map((index) => get(index, '/status.json')));
    expect(indexes.map((index) => index.status)).toEqual([200, 200, 200]);
    expect(new Set(indexes.map((index) => index.body)).size).toBe(1);

    const room = await createTestRoom(cluster.relays[0]!.url);
    ic = connectStockClient(cluster.relays[0]!.wsRoomsUrl, room.id, room.writeKey);
    await waitForSynced(ic.provider);
    const as: OperationContext = { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now };
    declareIncident(ic.doc, as, { title: 'Checkout errors', severity: 'SEV2' });
    setStatusPage(ic.doc, as, { pageId: 'public', componentIds: ['api'] });
    setStatusDraft(ic.doc, as, { text: PUBLISHED });
    approveStatusUpdate(ic.doc, as);
    publishStatusUpdate(ic.doc, as, { phase: 'identified' });

    // Relays 1 and 2 have no client of the room: they read what relay 0 wrote to PostgreSQL.
    for (const relayIndex of [1, 2]) {
      await waitFor(
        async () => (await pageView(relayIndex))?.openIncidents[0]?.updates[0]?.text === PUBLISHED,
        `the published update on relay ${relayIndex}'s page`,
        3_000,
      );
    }
    const after = await servedEverywhere();
    expectTheSame(after);
    const view = JSON.parse(after[1]![0]!.body) as StatusPageView;
    expect(view.openIncidents[0]).toMatchObject({ title: 'Checkout errors', severity: 'SEV2' });
    expect(view.components.find((component) => component.id === 'api')?.status).toBe(
      'partial-outage',
    );
    for (const [format, byRelay] of after.entries()) {
      expect(byRelay[0]!.etag).not.toBe(before[format]![0]!.etag);
      // A cache that had the page from relay 0 revalidates it at relay 2 (behind one address).
      const revalidated = await get(2, FORMATS[format]!, { 'if-none-match': byRelay[0]!.etag! });
      expect(revalidated.status).toBe(304);
    }
  }, 60_000);

  it('serves the same bytes from a relay started later with the same file', async () => {
    const served = await servedEverywhere();
    // Started in a later second than the page's last change, so its start would show if it
    // counted (Last-Modified has whole seconds).
    const lastModified = Date.parse(
      (await fetch(`${cluster.relays[0]!.url}/status/public`)).headers.get('last-modified')!,
    );
    await new Promise((resolve) => setTimeout(resolve, lastModified + 2_000 - Date.now()));
    await cluster.restartRelay(2);
    const restarted = await Promise.all(FORMATS.map((path) => get(2, path)));
    expect(restarted.map(({ body, etag }) => ({ body, etag }))).toEqual(
      served.map((byRelay) => ({ body: byRelay[0]!.body, etag: byRelay[0]!.etag })),
    );
  }, 60_000);

  it('answers 503 while PostgreSQL is away, and the same page once it is back', async () => {
    const served = await servedEverywhere();
    await cluster.postgres.stop();
    try {
      for (const relayIndex of [0, 1, 2]) {
        const page = await get(relayIndex, '/status/public.json');
        expect(page.status).toBe(503);
        expect((JSON.parse(page.body) as { error: string }).error).toMatch(/retry/);
      }
      // The chooser's index comes from the file, not the database.
      expect((await get(1, '/status.json')).status).toBe(200);
    } finally {
      await cluster.postgres.start();
    }
    await waitFor(
      async () => (await get(1, '/status/public.json')).status === 200,
      'the page to be served again',
      30_000,
    );
    expectTheSame(await servedEverywhere());
    expect((await get(1, '/status/public.json')).body).toBe(served[1]![0]!.body);
  }, 90_000);
});
