import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveStatusUpdate,
  publishStatusUpdate,
  setSeverity,
  setStatusDraft,
  setStatusPage,
  type OperationContext,
} from '../../shared/ops';
import type { Severity } from '../../shared/doc/enums';
import { openDeclaredRoom, type DeclaredRoom } from '../testing/declared-room';
import { waitFor } from '../testing/relay-clients';
import type { StatusPageView } from './status-page-view';

const PAGES = [
  'pages:',
  '  - id: public',
  '    title: Example <status>',
  '    components:',
  '      - { id: api, name: API }',
  '      - { id: dashboard, name: Dashboard }',
];

const PUBLISHED = 'Card payments fail <b>sometimes</b> & retries help.';

/**
 * The feed read with a strict (well-formedness checking) XML parser: its root's namespace, and
 * each entry's title and content text. Any XML error throws.
 */
function parseAtom(xml: string): { namespace: string; entries: Record<string, string>[] } {
  const parser = new SaxesParser({ xmlns: true });
  const entries: Record<string, string>[] = [];
  const open: string[] = [];
  let namespace = '';
  let text = '';
  parser.on('opentag', (tag) => {
    if (open.length === 0) namespace = tag.uri;
    open.push(tag.local);
    if (tag.local === 'entry') entries.push({});
    text = '';
  });
  parser.on('text', (chunk) => (text += chunk));
  parser.on('closetag', (tag) => {
    open.pop();
    const entry = entries.at(-1);
    if (open.at(-1) === 'entry' && entry && (tag.local === 'title' || tag.local === 'content')) {
      entry[tag.local] = text;
    }
  });
  parser.write(xml).close();
  return { namespace, entries };
}

interface Fetched {
  status: number;
  body: string;
  headers: Headers;
}

describe('GET /status/<page> on a real relay', () => {
  let declared: DeclaredRoom;
  let ic: OperationContext;
  const get = async (path: string, headers: Record<string, string> = {}): Promise<Fetched> => {
    const response = await fetch(`${declared.relay.url}${path}`, { headers });
    return { status: response.status, body: await response.text(), headers: response.headers };
  };
  const pageJson = async (): Promise<StatusPageView> =>
    JSON.parse((await get('/status/public.json')).body) as StatusPageView;
  /** Every format of the page, after the relay stored a change of severity made last. */
  const allFormatsAfter = async (severity: Severity): Promise<string> => {
    setSeverity(declared.ic.doc, ic, { severity });
    await waitFor(
      async () => (await pageJson()).openIncidents[0]?.severity === severity,
      `severity ${severity} on the page`,
    );
    const bodies = await Promise.all(
      ['/status/public', '/status/public.json', '/status/public.atom'].map((path) => get(path)),
    );
    return bodies.map((fetched) => fetched.body).join('\n');
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'status-pages-'));
    writeFileSync(join(dir, 'pages.yaml'), PAGES.join('\n'));
    declared = await openDeclaredRoom(['--status-pages', join(dir, 'pages.yaml')]);
    ic = { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now };
  });
  afterAll(() => declared.close());

  it('lists its pages and their components at /status.json, for an IC to choose from', async () => {
    const index = await get('/status.json');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(index.body)).toEqual({
      pages: [
        {
          id: 'public',
          title: 'Example <status>',
          url: null,
          components: [
            { id: 'api', name: 'API' },
            { id: 'dashboard', name: 'Dashboard' },
          ],
        },
      ],
    });
    const post = await fetch(`${declared.relay.url}/status.json`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('answers 404 for a page the file does not declare, and 405 for a POST', async () => {
    expect((await get('/status/internal')).status).toBe(404);
    expect((await get('/status/internal.json')).status).toBe(404);
    const post = await fetch(`${declared.relay.url}/status/public`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('shows all components operational while no room is listed, escaping the title', async () => {
    const html = await get('/status/public');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.body).toContain('<title>Example &#60;status&#62;</title>');
    expect(html.body).not.toContain('<status>');
    expect(html.body).not.toContain('<script');
    const json = await pageJson();
    expect(json.status).toBe('operational');
    expect(json.components.map((c) => c.status)).toEqual(['operational', 'operational']);
    expect(json.openIncidents).toEqual([]);
  });

  it('never shows a draft or an approved text that was not published', async () => {
    const doc = declared.ic.doc;
    setStatusDraft(doc, ic, { text: 'DRAFT-ONLY we think it is the db' });
    setStatusPage(doc, ic, { pageId: 'public', componentIds: ['api'] });
    let shown = await allFormatsAfter('SEV1');
    expect(shown).not.toContain('DRAFT-ONLY');
    approveStatusUpdate(doc, ic);
    shown = await allFormatsAfter('SEV2');
    expect(shown).not.toContain('DRAFT-ONLY');
    const json = await pageJson();
    expect(json.openIncidents[0]).toMatchObject({ title: 'Checkout errors', updates: [] });
    expect(json.openIncidents[0]?.id).not.toContain(declared.room.id);
    expect(json.components.find((c) => c.id === 'api')?.status).toBe('partial-outage');
    expect(json.status).toBe('partial-outage');
  });

  it('shows exactly the published text, changes the ETag, and ignores a later edit', async () => {
    const doc = declared.ic.doc;
    const before = await get('/status/public.json');
    setStatusDraft(doc, ic, { text: PUBLISHED });
    approveStatusUpdate(doc, ic);
    publishStatusUpdate(doc, ic, { phase: 'identified' });
    await waitFor(
      async () => (await pageJson()).openIncidents[0]?.updates.length === 1,
      'the published update on the page',
    );
    const after = await get('/status/public.json');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const [update] = (JSON.parse(after.body) as StatusPageView).openIncidents[0]!.updates;
    expect(update).toMatchObject({ text: PUBLISHED, phase: 'identified' });

    setStatusDraft(doc, ic, { text: 'EDITED after publishing' });
    approveStatusUpdate(doc, ic);
    const shown = await allFormatsAfter('SEV1');
    expect(shown).not.toContain('EDITED');
    const json = await pageJson();
    expect(json.openIncidents[0]?.updates.map((u) => u.text)).toEqual([PUBLISHED]);
    const html = (await get('/status/public')).body;
    expect(html).toContain(
      'Card payments fail &#60;b&#62;sometimes&#60;/b&#62; &#38; retries help.',
    );
    expect(html).not.toContain('<b>sometimes');
  });

  it('serves a well-formed Atom feed with one entry per published update', async () => {
    const atom = await get('/status/public.atom');
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = parseAtom(atom.body);
    expect(feed.namespace).toBe('http://www.w3.org/2005/Atom');
    expect(feed.entries).toEqual([{ title: 'Checkout errors: identified', content: PUBLISHED }]);
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, 200 otherwise', async () => {
    for (const path of ['/status/public', '/status/public.json', '/status/public.atom']) {
      const first = await get(path);
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(Date.parse(lastModified)).toBeGreaterThan(0);
      const revalidated = await get(path, { 'if-none-match': etag });
      expect(revalidated.status).toBe(304);
      expect(revalidated.body).toBe('');
      expect((await get(path, { 'if-none-match': '"stale"' })).status).toBe(200);
      expect((await get(path, { 'if-modified-since': lastModified })).status).toBe(304);
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      expect((await get(path, { 'if-modified-since': earlier })).status).toBe(200);
    }
    const html = (await get('/status/public')).headers.get('etag');
    const json = (await get('/status/public.json')).headers.get('etag');
    expect(html).not.toBe(json);
  });

  it('takes the incident off the page when the IC removes it', async () => {
    setStatusPage(declared.ic.doc, ic, { pageId: null });
    await waitFor(
      async () => (await pageJson()).openIncidents.length === 0,
      'the room to leave the page',
    );
    expect((await pageJson()).status).toBe('operational');
  });
});
