import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnRelay } from '../testing/spawn-relay';

function writePagesFile(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'status-pages-')), 'status-pages.yaml');
  writeFileSync(path, lines.join('\n'));
  return path;
}

const BAD = [
  'pages:',
  '  - id: public',
  '    title: Example',
  '    components:',
  '      - id: api',
];

describe('--status-pages', () => {
  it('refuses to start on a bad file, naming the line and the field', async () => {
    const start = spawnRelay({ args: ['--status-pages', writePagesFile(BAD)] });
    await expect(start).rejects.toThrow(
      /relay exited with code 2[^]*relay: status pages file .*status-pages\.yaml: line 5: pages\[0\]\.components\[0\]\.name: is required/,
    );
  });

  it('reads the file named by RELAY_STATUS_PAGES too', async () => {
    const start = spawnRelay({ env: { RELAY_STATUS_PAGES: writePagesFile(BAD) } });
    await expect(start).rejects.toThrow(
      /status pages file .*line 5: pages\[0\]\.components\[0\]\.name/,
    );
  });

  it('starts with a good file', async () => {
    const good = [...BAD.slice(0, 4), '      - { id: api, name: API }'];
    const relay = await spawnRelay({ args: ['--status-pages', writePagesFile(good)] });
    try {
      expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    } finally {
      await relay.stop();
    }
  });
});
