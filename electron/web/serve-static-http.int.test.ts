import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy';
import { makeRendererFolder, SECRET } from '../static/testing/renderer-folder';
import type { RendererFolder } from '../static/testing/renderer-folder';
import { serveStaticHttp } from './serve-static-http';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends the request target exactly as written: no client-side folding of `..` or re-encoding. */
function rawRequest(port: number, path: string, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveStaticHttp (web mode over node:http)', () => {
  let folder: RendererFolder;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    folder = makeRendererFolder();
    server = createServer((request, response) => {
      void serveStaticHttp(folder.root, request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    folder.remove();
  });

  it('serves the page with the CSP, its type and length; the query is not part of the path', async () => {
    const page = await rawRequest(port, '/?token=abc');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<title>ok</title>');
    const script = await rawRequest(port, '/assets/app.js?v=1');
    expect(script.body).toBe('console.log(1)');
    expect(script.headers['content-length']).toBe('14');
  });

  it('answers HEAD without a body and refuses POST with 405', async () => {
    const head = await rawRequest(port, '/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await rawRequest(port, '/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('never serves a byte from outside the folder, whatever the raw request target', async () => {
    for (const [path, status] of [
      // The server parses the target as a URL, which folds plain and %2e dot segments.
      ['/../secret.txt', 404],
      ['/%2e%2e/secret.txt', 404],
      ['/assets/../../secret.txt', 404],
      ['/..%2fsecret.txt', 403],
      ['/assets/%2e%2e%2f%2e%2e%2fsecret.txt', 403],
      [`/${encodeURIComponent(folder.secretFile)}`, 403],
      ['/..%5csecret.txt', 400],
      ['/%00', 400],
      ['/assets/link.txt', 403],
      ['/nope.js', 404],
    ] as const) {
      const answer = await rawRequest(port, path);
      expect(answer.status, path).toBe(status);
      expect(answer.body, path).not.toContain(SECRET);
      expect(answer.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});
