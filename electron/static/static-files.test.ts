import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticPath } from './static-files';

const root = '/opt/incident-room/dist/renderer';

describe('resolveStaticPath', () => {
  it('maps a URL path into the folder; / is index.html', () => {
    expect(resolveStaticPath(root, '/')).toEqual({ ok: true, file: join(root, 'index.html') });
    expect(resolveStaticPath(root, '')).toEqual({ ok: true, file: join(root, 'index.html') });
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toEqual({
      ok: true,
      file: join(root, 'assets', 'index-abc.js'),
    });
    // An encoded slash inside a name is decoded once, like the rest, and stays inside.
    expect(resolveStaticPath(root, '/assets%2Findex-abc.js')).toEqual({
      ok: true,
      file: join(root, 'assets', 'index-abc.js'),
    });
    expect(resolveStaticPath(root, '/a%20b.txt')).toEqual({
      ok: true,
      file: join(root, 'a b.txt'),
    });
    // Decoded once only: a doubly encoded `..` is a strange name inside the folder, not a way out.
    expect(resolveStaticPath(root, '/%252e%252e/package.json')).toEqual({
      ok: true,
      file: join(root, '%2e%2e', 'package.json'),
    });
  });

  it('refuses every way up and out of the folder with 403, plain or percent-encoded', () => {
    for (const pathname of [
      '/../package.json',
      '/../../../etc/passwd',
      '/assets/../../package.json',
      '/..',
      '/%2e%2e/package.json',
      '/%2E%2E/%2e%2e/etc/passwd',
      '/.%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fsecret',
      // Absolute paths: an empty first segment, or an encoded leading slash.
      '//etc/passwd',
      '/%2fetc/passwd',
      '/%2F%2Fetc/passwd',
    ]) {
      expect(resolveStaticPath(root, pathname), pathname).toEqual({ ok: false, status: 403 });
    }
  });

  it('refuses names no asset has with 400: backslashes, NUL, broken encoding', () => {
    for (const pathname of [
      '/..%5c..%5cwindows%5csystem32',
      '/assets\\app.js',
      '/%00index.html',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/%',
    ]) {
      expect(resolveStaticPath(root, pathname), pathname).toEqual({ ok: false, status: 400 });
    }
  });

  it('refuses the folder itself: it is no file', () => {
    expect(resolveStaticPath(root, '/.')).toEqual({ ok: false, status: 403 });
  });
});

describe('contentTypeOf', () => {
  it('names the types the build emits and falls back to bytes', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('assets/index-abc.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('assets/index-abc.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('assets/index-abc.js.map')).toBe('application/json; charset=utf-8');
    expect(contentTypeOf('favicon.ico')).toBe('image/x-icon');
    expect(contentTypeOf('data.bin')).toBe('application/octet-stream');
  });
});
