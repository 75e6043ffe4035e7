import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportPostmortem } from '../../../shared/export/export-postmortem';
import {
  exportRoomArchive,
  importRoomArchive,
  serializeRoomArchive,
} from '../../../shared/export/room-archive';
import { buildSeed000Room } from '../../../shared/fixtures/seed-000';
import { buildSeed004Room } from '../../../shared/fixtures/seed-004';
import { ScriptedClock } from '../../../shared/fixtures/scripted-clock';
import {
  addActionItem,
  addExpert,
  declareIncident,
  logEntry,
  proposeDecision,
  setPostmortemField,
} from '../../../shared/ops/index';
import { readRoom } from '../../../shared/read/read-room';
import type { TemplateCatalog } from '../../../shared/templates/template-catalog';
import { loadTemplates } from './load-templates';

// Golden exports through the real built-in postmortem template, as the export CLI will run them.

let catalog: TemplateCatalog;
beforeAll(async () => {
  catalog = (await loadTemplates()).catalog;
});

const generatedAt = '2024-12-12T10:00:00.000Z';

function exportRoom(doc: Y.Doc, nowIso: string, template = catalog.postmortemTemplate.value) {
  const severityNames = Object.fromEntries(
    catalog.severityPolicy.value.levels.map((level) => [level.id, level.name]),
  );
  return exportPostmortem(readRoom(doc, { now: Date.parse(nowIso) }), {
    generatedAt,
    template,
    severityNames,
  });
}

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

function timelineTimes(markdown: string): string[] {
  return [
    ...section(markdown, 'Timeline').matchAll(/^- \*\*(\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?)\*\*/gm),
  ].map((match) => match[1] ?? '');
}

describe('postmortem export, built-in template', () => {
  it('seed 000: metrics read TTD 6, TTA 2, TTM 21, TTR 27 min and the timeline is in order', () => {
    const { doc, endedAt } = buildSeed000Room();
    const { markdown, html } = exportRoom(doc, endedAt);
    const metrics = section(markdown, 'Metrics');
    expect(metrics).toContain('| Time to detect (TTD) | 6 min | impact started → detected |');
    expect(metrics).toContain('| Time to acknowledge (TTA) | 2 min | detected → acknowledged |');
    expect(metrics).toContain('| Time to mitigate (TTM) | 21 min | impact started → mitigated |');
    expect(metrics).toContain('| Time to resolve (TTR) | 27 min | impact started → resolved |');

    const times = timelineTimes(markdown);
    expect(times.length).toBeGreaterThan(20);
    expect(times).toEqual([...times].sort());
    const timeline = section(markdown, 'Timeline');
    const order = [
      'Deploy payments-api v1.47.0',
      'ErrorBudgetBurnHigh',
      'Cause: pgpool v2.4.0',
      'kubectl rollout undo',
      'Rollback complete',
      'Incident resolved',
    ];
    const positions = order.map((text) => timeline.indexOf(text));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    expect(markdown).toContain(
      '**Severity:** SEV2 (Major) · **Duration:** 14:32 – 14:59 UTC (27 min)',
    );
    expect(section(markdown, 'Action items')).toContain(
      '| Add a connection-pool exhaustion integration test to CI | Alex | P1 | 2024-12-18 | open |',
    );
    expect(section(markdown, 'Five whys')).toContain('_None recorded._');
    expect(section(markdown, 'What went poorly')).toContain('_None recorded._');
    expect(markdown).not.toMatch(/\{\{|undefined|\[object|null/);
    expect(html).toContain('<td>27 min</td>');
  });

  it('seed 004: metrics include seconds where they exist, injects are in the timeline in order', () => {
    const { doc, endedAt } = buildSeed004Room();
    const { markdown } = exportRoom(doc, endedAt);
    const metrics = section(markdown, 'Metrics');
    expect(metrics).toContain('| Time to detect (TTD) | 30 min |');
    expect(metrics).toContain('| Time to acknowledge (TTA) | 0 min |');
    expect(metrics).toContain('| Time to mitigate (TTM) | 42 min 30 s |');
    expect(metrics).toContain('| Time to resolve (TTR) | 1 h 10 min |');
    const times = timelineTimes(markdown);
    expect(times).toEqual([...times].sort());
    expect(section(markdown, 'Timeline').match(/· inject ·/g)?.length).toBeGreaterThanOrEqual(3);
    expect(markdown).toContain('CREATE INDEX');
  });

  it('an empty room exports honest empty sections', () => {
    const doc = new Y.Doc();
    const clock = new ScriptedClock('2026-01-01T03:00:00.000Z');
    declareIncident(doc, clock.as({ id: 'u1', name: 'Iris' }), {
      title: 'Quiet room',
      severity: 'SEV3',
    });
    const { markdown } = exportRoom(doc, '2026-01-01T03:05:00.000Z');
    for (const heading of ['Summary', 'Impact'])
      expect(section(markdown, heading)).toMatch(/_No .* has been written yet\._/);
    for (const heading of [
      'Decisions',
      'Status updates',
      'Contributing factors',
      'Follow-up metrics',
    ]) {
      expect(section(markdown, heading)).toMatch(/_(No|None) /);
    }
    expect(section(markdown, 'Action items')).toContain('_No action items yet._');
    expect(section(markdown, 'Action items')).not.toContain('| Action |');
    expect(section(markdown, 'Metrics')).toContain('| Time to resolve (TTR) | not recorded |');
    expect(section(markdown, 'Roles')).toContain('_No subject-matter experts were called in._');
  });

  it('lists the SMEs with their area in the roles section', () => {
    const doc = new Y.Doc();
    const clock = new ScriptedClock('2026-01-01T03:00:00.000Z');
    const ic = clock.as({ id: 'u1', name: 'Iris' });
    declareIncident(doc, ic, { title: 'Replica lag', severity: 'SEV2' });
    addExpert(doc, ic, { person: { id: 'named:dana', name: 'Dana' }, area: 'database' });
    const roles = section(exportRoom(doc, '2026-01-01T03:05:00.000Z').markdown, 'Roles');
    expect(roles).toContain('- **Incident commander:** Iris');
    expect(roles).toContain('- **database:** Dana');
    expect(roles).not.toContain('_No subject-matter experts');
  });
});

describe('postmortem export, a custom template from the user folder', () => {
  let userDir: string;
  beforeAll(async () => {
    userDir = await mkdtemp(path.join(tmpdir(), 'ir-pm-template-'));
    await mkdir(userDir, { recursive: true });
    await writeFile(
      path.join(userDir, 'postmortem.md.mustache'),
      '# {{title}}\n{{#metrics}}\n* {{abbreviation}}={{value}}\n{{/metrics}}\n{{#timeline}}\n{{time}} {{text}}\n{{/timeline}}\n',
    );
  });
  afterAll(async () => {
    await rm(userDir, { recursive: true, force: true });
  });

  it('renders seed 000 with the user’s own layout', async () => {
    const loaded = await loadTemplates({ userDir });
    expect(loaded.problems).toEqual([]);
    expect(loaded.catalog.postmortemTemplate.source).toBe('user');
    const { doc, endedAt } = buildSeed000Room();
    const { markdown } = exportRoom(doc, endedAt, loaded.catalog.postmortemTemplate.value);
    expect(markdown.split('\n').slice(0, 6)).toEqual([
      '# payments-api elevated checkout errors',
      '* TTD=6 min',
      '* TTA=2 min',
      '* TTM=21 min',
      '* TTR=27 min',
      '14:32 Deploy payments-api v1.47.0 (pgpool v2.3.1 → v2.4.0, routine dependency bump)',
    ]);
  });
});

describe('hostile room content stays inert in every format', () => {
  const hostile = {
    title: '../../../etc/passwd <script>alert(1)</script>',
    entry:
      '[click me](javascript:alert(1)) <img src=x onerror=alert(2)> {{title}} <script>steal()</script>',
    heading: '# Fake heading\n| a | b |\n|---|---|\n> quote',
    action: 'Fix | it <iframe src=https://evil.example>',
  };

  function hostileRoom(): Y.Doc {
    const doc = new Y.Doc();
    const clock = new ScriptedClock('2026-01-01T03:00:00.000Z');
    const ic = clock.as({ id: 'u1', name: 'Iris <b>' });
    declareIncident(doc, ic, { title: hostile.title, severity: 'SEV1' });
    logEntry(doc, ic, { kind: 'note', text: hostile.entry });
    logEntry(doc, ic, { kind: 'observation', text: hostile.heading });
    proposeDecision(doc, ic, { proposal: hostile.entry, rationale: hostile.heading });
    addActionItem(doc, ic, { title: hostile.action, priority: 'P1', owner: '[x](http://evil)' });
    setPostmortemField(doc, ic, { field: 'summary', text: hostile.heading });
    setPostmortemField(doc, ic, { field: 'wentWell', text: `- ${hostile.entry}` });
    return doc;
  }

  it('Markdown and HTML show the text and never a link, image, script, frame, heading or extra table', () => {
    const { markdown, html } = exportRoom(hostileRoom(), '2026-01-01T03:10:00.000Z');
    const body = new MarkdownIt({ html: false, linkify: false }).render(markdown);
    for (const rendered of [body, html]) {
      expect(rendered).not.toMatch(/<(script|img|iframe|a|blockquote)\b/i);
      expect(rendered).not.toMatch(/href=/i);
      expect(rendered.match(/<h1\b/g)).toHaveLength(1);
      expect(rendered).not.toContain('<h1>Fake heading');
      // Only the built-in metrics and action-items tables exist.
      expect(rendered.match(/<table>/g)).toHaveLength(2);
      expect(rendered).toContain('[click me](javascript:alert(1))');
      expect(rendered).toContain('&lt;script&gt;steal()&lt;/script&gt;');
    }
    // Mustache does not re-render values: the literal {{title}} in an entry stays literal.
    expect(markdown).toContain('{{title}}');
    expect(markdown).toContain(
      '# Postmortem: ../../../etc/passwd \\<script\\>alert(1)\\</script\\>',
    );
    expect(html).toContain(
      '<title>Postmortem: ../../../etc/passwd &lt;script&gt;alert(1)&lt;/script&gt;</title>',
    );
    expect(html).toContain("default-src 'none'");
  });

  it('the JSON archive keeps the exact text as data and round-trips it', () => {
    const doc = hostileRoom();
    const text = serializeRoomArchive(exportRoomArchive(doc, '2026-01-01T03:10:00.000Z'));
    const parsed = JSON.parse(text) as {
      view: { title: string; timeline: Array<{ text: string }> };
    };
    expect(parsed.view.title).toBe(hostile.title);
    expect(parsed.view.timeline.map((entry) => entry.text)).toContain(hostile.entry);
    const imported = importRoomArchive(text);
    expect(readRoom(imported.doc).timeline.map((entry) => entry.text)).toContain(hostile.entry);
  });
});
