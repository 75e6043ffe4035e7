/**
 * `incident-room export` end to end: seed 000's incident lives in a real relay (entered through a
 * real host), and the CLI exports it with the read-only key in every format; PDF text is checked
 * with poppler's pdftotext and page 1 is rendered to PNG for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importRoomArchive } from '../../shared/export';
import { buildSeed000Room } from '../../shared/fixtures/seed-000';
import { declareIncident, logEntry } from '../../shared/ops';
import { readRoom } from '../../shared/read';
import { Host } from '../host/host';
import { RelayProcess } from '../host/testing/spawn-relay-process';
import { tempDir } from '../host/testing/test-fixtures';
import { copyOf, createFilledRelayRoom, runCliCaptured } from './testing/cli-harness';
import type { RelayRoom } from './testing/cli-harness';

const artifacts = fileURLToPath(new URL('../../test-results/export', import.meta.url));
let relay: RelayProcess;
let room: RelayRoom;
let seedState: Uint8Array;
const folders: Array<{ remove: () => void }> = [];
const cli = runCliCaptured;

function folder(prefix: string): string {
  const made = tempDir(prefix);
  folders.push(made);
  return made.path;
}

function requireTool(name: string): void {
  try {
    execFileSync('which', [name]);
  } catch {
    throw new Error(
      `${name} is missing: install poppler-utils (Debian: apt-get install poppler-utils)`,
    );
  }
}

beforeAll(async () => {
  relay = await RelayProcess.start();
  const seed = buildSeed000Room();
  seedState = Y.encodeStateAsUpdate(seed.doc);
  room = await createFilledRelayRoom(relay, copyOf(seed.doc));
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await relay.stop();
  for (const made of folders) made.remove();
});

const fromRelay = () => ['--relay', relay.url, '--room', room.id, '--key', room.readKey];

describe('incident-room export', () => {
  it('exports seed 000 as Markdown with its metrics and an ordered timeline, using the read-only key', async () => {
    const out = folder('export-md-');
    const result = await cli(['export', '--format', 'md', ...fromRelay(), '--out-dir', out]);
    expect(result.code, result.err).toBe(0);
    const path = join(out, 'postmortem-payments-api-elevated-checkout-errors.md');
    expect(result.out.trim()).toBe(`wrote ${path}`);
    const markdown = readFileSync(path, 'utf8');
    for (const [metric, value] of [
      ['TTD', '6 min'],
      ['TTA', '2 min'],
      ['TTM', '21 min'],
      ['TTR', '27 min'],
    ]) {
      expect(markdown).toMatch(new RegExp(`\\(${metric}\\) \\| ${value} \\|`));
    }
    const times = [...markdown.matchAll(/^- \*\*2024-12-11 (\d\d:\d\d)\*\*/gm)].map((m) => m[1]);
    expect(times.length).toBeGreaterThan(20);
    expect(times).toEqual([...times].sort());
    writeFileSync(join(artifacts, 'seed-000.md'), markdown);
  });

  it('never overwrites without --force, and does with it', async () => {
    const out = folder('export-force-');
    const target = join(out, 'pm.md');
    writeFileSync(target, 'keep me');
    const refused = await cli(['export', '--format', 'md', ...fromRelay(), '--out', target]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/exists; pass --force/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    const forced = await cli([
      'export',
      '--format',
      'md',
      ...fromRelay(),
      '--out',
      target,
      '--force',
    ]);
    expect(forced.code, forced.err).toBe(0);
    expect(readFileSync(target, 'utf8')).toMatch(/^# Postmortem: payments-api/);
  });

  it('exports a JSON archive that imports back to an identical room', async () => {
    const out = folder('export-json-');
    const result = await cli(['export', '--format', 'json', ...fromRelay(), '--out-dir', out]);
    expect(result.code, result.err).toBe(0);
    const path = join(out, 'room-payments-api-elevated-checkout-errors.json');
    const imported = importRoomArchive(readFileSync(path, 'utf8'));
    const original = new Y.Doc();
    Y.applyUpdate(original, seedState);
    expect(readRoom(imported.doc, { now: 0 })).toEqual(readRoom(original, { now: 0 }));
    expect(Y.encodeStateVector(imported.doc)).toEqual(Y.encodeStateVector(original));
  });

  it('prints the postmortem to PDF in Chromium; its text holds the timeline', async () => {
    requireTool('pdftotext');
    const out = folder('export-pdf-');
    const result = await cli(['export', '--format', 'pdf', ...fromRelay(), '--out-dir', out]);
    expect(result.code, result.err).toBe(0);
    const path = join(out, 'postmortem-payments-api-elevated-checkout-errors.pdf');
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    // Lines wrap wherever the page ends; compare with white space folded.
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Postmortem: payments-api elevated checkout errors');
    expect(text).toContain('ErrorBudgetBurnHigh');
    expect(text).toContain('kubectl rollout undo deployment/payments-api -n prod');
    expect(text.indexOf('14:38')).toBeLessThan(text.indexOf('14:53'));
    // Page 1 as a picture, kept with the test results for a person to look at.
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      path,
      join(artifacts, 'seed-000-page'),
    ]);
    expect(existsSync(join(artifacts, 'seed-000-page-1.png'))).toBe(true);
  });

  it('exports a local room from a data folder with a custom template; hostile titles stay inside the folder', async () => {
    const data = folder('export-local-');
    const host = Host.open({ dataDir: data, measureClock: false });
    const record = await host.createRoom({ title: 'x' });
    const session = host.openRoom(record.localId);
    const ctx = {
      actor: { id: 'ic', name: 'Dana' },
      now: () => Date.parse('2024-12-11T14:40:00Z'),
    };
    declareIncident(session.doc, ctx, {
      title: '../../etc/<script>alert(1)</script>',
      severity: 'SEV3',
    });
    logEntry(session.doc, ctx, {
      text: '[click](javascript:alert(1)) <img src=x onerror=alert(1)>',
      kind: 'note',
    });
    host.close();
    const templatePath = join(folder('export-template-'), 'short.md.mustache');
    writeFileSync(templatePath, '# {{title}}\n\n{{#timeline}}- {{time}} {{text}}\n{{/timeline}}');
    const out = folder('export-out-');
    const result = await cli([
      'export',
      '--format',
      'html',
      '--data',
      data,
      '--room',
      record.localId,
      '--template',
      templatePath,
      '--out-dir',
      out,
    ]);
    expect(result.code, result.err).toBe(0);
    const written = result.out.trim().replace(/^wrote /, '');
    expect(written.startsWith(`${out}/postmortem-`)).toBe(true);
    expect(written).not.toContain('..');
    const html = readFileSync(written, 'utf8');
    expect(html).not.toMatch(/<script>alert|<img src=x|href="javascript:/i);
    expect(html).toContain('&lt;script&gt;');

    const badTemplate = join(folder('export-bad-template-'), 'evil.md.mustache');
    writeFileSync(badTemplate, '{{> partial}}');
    const refused = await cli([
      'export',
      '--format',
      'md',
      '--data',
      data,
      '--room',
      record.localId,
      '--template',
      badTemplate,
      '--out-dir',
      out,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/evil\.md\.mustache/);
  });

  it('says in one line what to do when Chromium cannot start sandboxed, exit 1, no file', async () => {
    // A stand-in Chromium that fails the way a real one does on a machine without a usable sandbox.
    const fake = join(folder('export-fake-chromium-'), 'chromium');
    writeFileSync(
      fake,
      '#!/bin/sh\necho "FATAL: No usable sandbox! See the sandbox docs." >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
    const out = folder('export-no-sandbox-');
    const before = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = fake;
    try {
      const result = await cli(['export', '--format', 'pdf', ...fromRelay(), '--out-dir', out]);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        /^incident-room export: PDF export runs Chromium in its sandbox, .*No usable sandbox.*INCIDENT_ROOM_CHROMIUM_NO_SANDBOX=1/,
      );
      expect(readdirSync(out)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  });

  it('refuses bad usage with exit 2 and unknown rooms with exit 1', async () => {
    expect((await cli(['export', '--format', 'docx', ...fromRelay()])).code).toBe(2);
    expect((await cli(['export', '--format', 'md', '--room', 'r'])).code).toBe(2);
    const unknown = await cli([
      'export',
      '--format',
      'md',
      '--data',
      folder('export-empty-'),
      '--room',
      'nope',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no room nope/);
  });
});
