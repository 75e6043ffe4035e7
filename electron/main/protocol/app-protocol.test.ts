import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { CONTENT_SECURITY_POLICY } from '../security/security-rules';
import { resolveRendererPath, serveRendererRequest } from './app-protocol';

const root = '/opt/incident-room/dist/renderer';

describe('resolveRendererPath', () => {
  it('maps app://renderer/ paths into the renderer folder', () => {
    expect(resolveRendererPath(root, 'app://renderer/')).toEqual({
      ok: true,
      file: join(root, 'index.html'),
    });
    expect(resolveRendererPath(root, 'app://renderer/index.html?room=abc#x')).toEqual({
      ok: true,
      file: join(root, 'index.html'),
    });
    expect(resolveRendererPath(root, 'app://renderer/assets/index-abc.js')).toEqual({
      ok: true,
      file: join(root, 'assets', 'index-abc.js'),
    });
  });

  it('never resolves outside the folder: dot segments are folded by the URL parser, the rest refused', () => {
    for (const url of [
      'app://renderer/../../../etc/passwd',
      'app://renderer/%2e%2e/%2e%2e/etc/passwd',
      'app://renderer/assets/..%2f..%2f..%2fetc/passwd',
      'app://renderer/assets/%2e%2e%2f%2e%2e%2fsecret',
      'app://renderer/..%5c..%5cwindows%5csystem32',
      'app://renderer/%00index.html',
      'app://renderer/%E0%A4%A',
    ]) {
      const result = resolveRendererPath(root, url);
      if (result.ok) expect(result.file.startsWith(`${root}/`), url).toBe(true);
    }
    expect(resolveRendererPath(root, 'app://renderer/..%5c..%5cwindows').ok).toBe(false);
    expect(resolveRendererPath(root, 'app://renderer/%00index.html').ok).toBe(false);
    expect(resolveRendererPath(root, 'app://renderer/%E0%A4%A').ok).toBe(false);
    expect(resolveRendererPath(root, 'app://renderer/assets/..%2f..%2fsecret').ok).toBe(false);
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveRendererPath(root, 'app://elsewhere/index.html')).toEqual({
      ok: false,
      status: 403,
    });
    expect(resolveRendererPath(root, 'file:///opt/incident-room/dist/renderer/index.html')).toEqual(
      { ok: false, status: 403 },
    );
    expect(resolveRendererPath(root, 'not a url')).toEqual({ ok: false, status: 400 });
  });
});

describe('serveRendererRequest', () => {
  let dir: string;
  let outside: string;
  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'ir-protocol-'));
    dir = join(base, 'renderer');
    outside = join(base, 'secret.txt');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ok</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(outside, 'top secret');
    symlinkSync(outside, join(dir, 'assets', 'link.txt'));
  });
  afterAll(() => undefined);

  it('serves files with their type, the CSP and nosniff', async () => {
    const page = await serveRendererRequest(dir, 'app://renderer/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>ok</title>');
    const script = await serveRendererRequest(dir, 'app://renderer/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for missing files and refuses traversal and symlinks out', async () => {
    expect((await serveRendererRequest(dir, 'app://renderer/nope.js')).status).toBe(404);
    const dotted = await serveRendererRequest(dir, 'app://renderer/%2e%2e/secret.txt');
    expect(dotted.status).toBe(404);
    expect(await dotted.text()).not.toContain('top secret');
    const viaLink = await serveRendererRequest(dir, 'app://renderer/assets/link.txt');
    expect(viaLink.status).toBe(403);
    expect(await viaLink.text()).not.toContain('top secret');
  });
});
