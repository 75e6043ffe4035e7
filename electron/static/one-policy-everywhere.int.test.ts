import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy';
import { serveRendererRequest } from '../main/protocol/app-protocol';
import { startWebServer } from '../web/web-server';
import type { WebServer } from '../web/web-server';

// The page's policy is one constant. This proves every place the page is served from sends
// exactly it: web mode's real HTTP server and the desktop's app:// protocol, for the page
// Vite builds from (renderer/index.html), which must not carry a second, diverging copy.
const pageSource = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
const CSP_META = /<meta[^>]+http-equiv\s*=\s*["']?content-security-policy/i;

describe('one Content-Security-Policy, wherever the page is served from', () => {
  let dir: string;
  let rendererDir: string;
  let web: WebServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ir-one-policy-'));
    rendererDir = join(dir, 'renderer');
    mkdirSync(join(dir, 'data'));
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), pageSource);
    web = await startWebServer({
      port: 0,
      dataDir: join(dir, 'data'),
      rendererDir,
      relayUrl: null,
      name: 'Ada',
      version: '0.0.0-test',
    });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the page itself carries no policy of its own', () => {
    expect(pageSource).not.toMatch(CSP_META);
  });

  it('web mode sends the constant with the page and with a refusal', async () => {
    const page = await fetch(web.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe(pageSource);
    const missing = await fetch(new URL('/nope.js', web.url));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('the desktop app:// protocol sends the same constant with the same page', async () => {
    const page = await serveRendererRequest(rendererDir, 'app://renderer/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe(pageSource);
  });
});
