import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { CONTENT_SECURITY_POLICY } from '../../../shared/security/content-security-policy';
import { makeRendererFolder, SECRET } from '../../static/testing/renderer-folder';
import type { RendererFolder } from '../../static/testing/renderer-folder';
import { serveRendererRequest } from './app-protocol';

// What a path means is the static-file module's (tested in electron/static/); this proves the
// app:// transport hands it the right path and method and keeps its answer whole.
describe('serveRendererRequest', () => {
  let folder: RendererFolder;
  beforeAll(() => {
    folder = makeRendererFolder();
  });
  afterAll(() => folder.remove());
  const serve = (url: string, method?: string) => serveRendererRequest(folder.root, url, method);

  it('serves files with their type, the CSP and nosniff', async () => {
    const page = await serve('app://renderer/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>ok</title>');
    const withQuery = await serve('app://renderer/index.html?room=abc#x');
    expect(await withQuery.text()).toContain('<title>ok</title>');
    const script = await serve('app://renderer/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('passes the method on: HEAD gets no body, POST is refused', async () => {
    const head = await serve('app://renderer/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await serve('app://renderer/', 'POST')).status).toBe(405);
  });

  it('refuses other hosts and schemes, and what is not a URL, with the CSP all the same', async () => {
    for (const [url, status] of [
      ['app://elsewhere/index.html', 403],
      [`file://${folder.root}/index.html`, 403],
      ['not a url', 400],
    ] as const) {
      const answer = await serve(url);
      expect(answer.status, url).toBe(status);
      expect(answer.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers 404 for missing files and never reads outside: dot segments, encodings, symlinks', async () => {
    expect((await serve('app://renderer/nope.js')).status).toBe(404);
    for (const [url, status] of [
      // The URL parser folds plain and %2e dot segments, so these ask for /secret.txt inside.
      ['app://renderer/../../secret.txt', 404],
      ['app://renderer/%2e%2e/secret.txt', 404],
      ['app://renderer/assets/..%2f..%2fsecret.txt', 403],
      ['app://renderer/..%5csecret.txt', 400],
      ['app://renderer/%00index.html', 400],
      ['app://renderer/assets/link.txt', 403],
    ] as const) {
      const answer = await serve(url);
      expect(answer.status, url).toBe(status);
      expect(await answer.text(), url).not.toContain(SECRET);
    }
  });
});
