import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayProcess } from '../testing/spawn-relay-process';
import { fetchStatusPages, StatusPagesError } from './fetch-status-pages';

const PAGES = `pages:
  - id: public
    title: Example status
    url: https://status.example.com
    components:
      - { id: api, name: API }
      - { id: dashboard, name: Dashboard }
`;

let withPages: RelayProcess;
let without: RelayProcess;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'status-index-'));
  writeFileSync(join(dir, 'pages.yaml'), PAGES);
  [withPages, without] = await Promise.all([
    RelayProcess.start({ env: { RELAY_STATUS_PAGES: join(dir, 'pages.yaml') } }),
    RelayProcess.start(),
  ]);
});
afterAll(async () => {
  await Promise.all([withPages.dispose(), without.dispose()]);
});

describe('fetchStatusPages against a real relay', () => {
  it('reads the pages and components the relay serves, from an http or a ws relay URL', async () => {
    const expected = [
      {
        id: 'public',
        title: 'Example status',
        url: 'https://status.example.com',
        components: [
          { id: 'api', name: 'API' },
          { id: 'dashboard', name: 'Dashboard' },
        ],
      },
    ];
    expect(await fetchStatusPages(withPages.url)).toEqual(expected);
    expect(await fetchStatusPages(withPages.url.replace(/^http/, 'ws'))).toEqual(expected);
  });

  it('finds no pages on a relay started without a status pages file', async () => {
    expect(await fetchStatusPages(without.url)).toEqual([]);
  });

  it('says in one sentence that a relay cannot be reached', async () => {
    const gone = await RelayProcess.start();
    const url = gone.url;
    await gone.dispose();
    const refusal = await fetchStatusPages(url).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StatusPagesError);
    expect((refusal as Error).message).toBe(
      `Could not reach the relay at ${url} to list its status pages; try again when it is back.`,
    );
  });
});
