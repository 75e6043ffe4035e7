import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy';
import { startWebServer } from './web-server';
import type { WebServer } from './web-server';

// docs/ARCHITECTURE.md states web mode's channel rules and the page's CSP; these checks run what
// it states against the code, so the doc cannot drift from it.
const doc = readFileSync(new URL('../../docs/ARCHITECTURE.md', import.meta.url), 'utf8');

/** The body of the section under `heading`, up to the next `## ` heading. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/ARCHITECTURE.md has no "## ${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

interface UpgradeRow {
  target: string;
  /** null for the row "none": the client sends no Origin header. */
  origin: string | null;
  status: number;
}

/** Rows of the table `| upgrade to | Origin | answer |`, e.g. | `/channel` | none | 401 |. */
function upgradeRows(): UpgradeRow[] {
  const row = /^\|\s*`([^`]+)`\s*\|\s*(?:`([^`]+)`|none)\s*\|\s*(\d{3})\s*\|$/;
  return section('The renderer ⇄ host channel')
    .split('\n')
    .map((line) => row.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, target = '', origin, status]) => ({
      target,
      origin: origin ?? null,
      status: Number(status),
    }));
}

/** 101 when the websocket opens, else the HTTP status the upgrade was refused with. */
function attemptUpgrade(url: string, origin: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === null ? {} : { headers: { origin } });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', reject);
  });
}

/** Connects with the token and the page's Origin, sends `payload`, resolves the close code. */
function closeCodeAfter(web: WebServer, payload: string | Buffer): Promise<number> {
  const url = new URL(web.url);
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${url.host}/channel${url.search}`, {
      headers: { origin: url.origin },
    });
    socket.on('open', () => socket.send(payload));
    socket.on('close', (code) => resolve(code));
    socket.on('error', (error) => {
      // The server may drop the connection while a huge frame is still being written.
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error);
    });
  });
}

describe('docs/ARCHITECTURE.md', () => {
  let dir: string;
  let web: WebServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ir-architecture-doc-'));
    mkdirSync(join(dir, 'data'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>doc</title>');
    web = await startWebServer({
      port: 0,
      dataDir: join(dir, 'data'),
      rendererDir: join(dir, 'renderer'),
      relayUrl: null,
      name: 'Ada',
      version: '0.0.0-test',
    });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('states the one CSP, character for character', () => {
    const block = /```\n([^\n]+)\n```/.exec(section("The page's Content-Security-Policy"));
    expect(block?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers every upgrade in the web-mode channel table the way the table says', async () => {
    const rows = upgradeRows();
    // Each rule has a row: let in, wrong Origin, no or wrong token, wrong path.
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set([101, 403, 401, 404]));
    const url = new URL(web.url);
    const token = url.searchParams.get('token') ?? '';
    const port = String(web.port);
    const otherPort = String(web.port === 65535 ? 1 : web.port + 1);
    const fill = (text: string) =>
      text
        .replaceAll('<token>', token)
        .replaceAll('<port>', port)
        .replaceAll('<other port>', otherPort);
    for (const row of rows) {
      const answer = await attemptUpgrade(
        `ws://127.0.0.1:${port}${fill(row.target)}`,
        row.origin === null ? null : fill(row.origin),
      );
      expect(answer, `${row.target} from ${row.origin ?? 'no Origin'}`).toBe(row.status);
    }
  });

  it('closes a connection with the codes it names: 4400 for a frame that does not decode, 1009 past 64 MiB', async () => {
    const channel = section('The renderer ⇄ host channel');
    expect(channel).toContain('closes the socket with `4400`');
    expect(channel).toContain('a frame over 64 MiB closes it with `1009`');
    expect(await closeCodeAfter(web, 'not a channel message')).toBe(4400);
    expect(await closeCodeAfter(web, Buffer.alloc(64 * 1024 * 1024 + 1))).toBe(1009);
  });
});
