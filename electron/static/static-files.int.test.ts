import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy';
import { serveStaticFile } from './static-files';
import type { StaticResponse } from './static-files';
import { makeRendererFolder, SECRET } from './testing/renderer-folder';
import type { RendererFolder } from './testing/renderer-folder';

const text = (answer: StaticResponse) => new TextDecoder().decode(answer.body ?? new Uint8Array());

describe('serveStaticFile', () => {
  let folder: RendererFolder;
  beforeAll(() => {
    folder = makeRendererFolder();
  });
  afterAll(() => folder.remove());
  const get = (pathname: string, method = 'GET') =>
    serveStaticFile(folder.root, { method, pathname });

  it('serves the page and its assets with their types, the CSP, nosniff and no referrer', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-length': String('<!doctype html><title>ok</title>'.length),
    });
    expect(text(page)).toContain('<title>ok</title>');
    const script = await get('/assets/app.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(text(script)).toBe('console.log(1)');
  });

  it('never lets the page be stored (its URL carries the session token); assets get no rule', async () => {
    expect((await get('/')).headers['cache-control']).toBe('no-store');
    expect((await get('/index.html')).headers['cache-control']).toBe('no-store');
    expect((await get('/assets/app.js')).headers['cache-control']).toBeUndefined();
  });

  it('answers HEAD with the headers and no body, and refuses other methods with 405', async () => {
    const head = await get('/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('14');
    expect(head.body).toBeNull();
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const refused = await get('/', method);
      expect(refused.status, method).toBe(405);
      expect(refused.headers.allow).toBe('GET, HEAD');
    }
  });

  it('answers 404 for a missing file and for a folder, with the CSP all the same', async () => {
    for (const pathname of ['/nope.js', '/assets', '/assets/']) {
      const missing = await get(pathname);
      expect(missing.status, pathname).toBe(404);
      expect(missing.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(text(missing)).toBe('Not Found\n');
    }
  });

  it('refuses traversal before reading anything: nothing outside ever comes back', async () => {
    const attempts: Array<[string, number]> = [
      ['/../secret.txt', 403],
      ['/%2e%2e/secret.txt', 403],
      ['/assets/..%2f..%2fsecret.txt', 403],
      [`/${encodeURIComponent(folder.secretFile)}`, 403],
      [`/${folder.secretFile}`, 403],
      ['/..%5csecret.txt', 400],
      ['/%00', 400],
    ];
    for (const [pathname, status] of attempts) {
      const answer = await get(pathname);
      expect(answer.status, pathname).toBe(status);
      expect(text(answer), pathname).not.toContain(SECRET);
      expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('follows a symlink that stays inside, refuses one that leads out', async () => {
    const alias = await get('/assets/alias.js');
    expect(alias.status).toBe(200);
    expect(text(alias)).toBe('console.log(1)');
    const out = await get('/assets/link.txt');
    expect(out.status).toBe(403);
    expect(text(out)).not.toContain(SECRET);
  });
});
