import { mkdir, mkdtemp, open, rm, symlink, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderStatusUpdate } from '../../../shared/templates/render-status-update';
import { findSeverityLevel } from '../../../shared/templates/severity-policy';
import type { StatusUpdateView } from '../../../shared/templates/status-update-view';
import {
  checklistsFor,
  runbookFor,
  BuiltinTemplatesBrokenError,
} from '../../../shared/templates/template-catalog';
import { formatTemplateProblem } from '../../../shared/templates/template-problem';
import {
  toYaml,
  validChecklist,
  validDrill,
  validRunbook,
  validSeverityPolicy,
} from '../../../shared/templates/template-test-fixtures';
import { suggestSeverity } from '../../../shared/templates/triage';
import { builtinTemplatesDir, loadTemplates, MAX_TEMPLATE_FILES } from './load-templates';

let userDir: string;

beforeEach(async () => {
  userDir = await mkdtemp(path.join(tmpdir(), 'ir-templates-'));
});
afterEach(async () => {
  await rm(userDir, { recursive: true, force: true });
});

async function put(file: string, text: string): Promise<void> {
  const full = path.join(userDir, file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
}

const sampleStatusView: StatusUpdateView = {
  title: 'payments-api elevated errors',
  service: 'Checkout',
  impact: 'About a third of checkout attempts fail.',
  severity: 'SEV1',
  severityName: 'Critical',
  statusPageLevel: 'major outage',
  phase: 'investigating',
  now: '14:40 UTC',
  today: '2024-12-11',
  nextUpdateAt: '14:55 UTC',
  updateCadence: '15 minutes',
  impactStartedAt: '14:32 UTC',
  mitigatedAt: '',
  resolvedAt: '',
  duration: '8 min',
  roles: { ic: 'Ana', ops: 'Jane', comms: 'Bob', scribe: '' },
  links: { statusPage: '', bridge: '' },
};

describe('built-in templates', () => {
  it('all validate, with the seeds’ policy facts', async () => {
    const { catalog, problems } = await loadTemplates({ userDir: path.join(userDir, 'absent') });
    expect(problems).toEqual([]);
    const policy = catalog.severityPolicy.value;
    expect(policy.levels.map((level) => [level.id, level.updateCadenceMinutes])).toEqual([
      ['SEV1', 15],
      ['SEV2', 30],
      ['SEV3', 120],
      ['SEV4', null],
    ]);
    expect(policy.levels.every((level) => level.stabilizationWindowMinutes <= 30)).toBe(true);
    expect(findSeverityLevel(policy, 'SEV1')?.statusPageLevel).toBe('major-outage');
    expect(catalog.incidentTypes.map((type) => type.id).sort()).toEqual([
      'bad-deploy',
      'database-overload',
      'third-party-down',
    ]);
    for (const type of catalog.incidentTypes) {
      expect(runbookFor(catalog, type.id)).toBeDefined();
      expect(checklistsFor(catalog, type.id).map((entry) => entry.value.id)).toContain(
        'first-15-minutes',
      );
    }
    expect([...catalog.drills.keys()].sort()).toEqual([
      'database-lock-thundering-herd',
      'payments-api-bad-deploy',
    ]);
    const lock = catalog.drills.get('database-lock-thundering-herd')?.value;
    expect(lock?.injects.map((inject) => inject.atMinute)).toEqual([0, 7, 11, 25, 40]);
    expect(lock?.injects.some((inject) => /CONCURRENTLY/.test(inject.text))).toBe(true);
    const deploy = catalog.drills.get('payments-api-bad-deploy')?.value;
    expect(deploy).toMatchObject({
      expectedSeverity: 'SEV2',
      incidentType: 'bad-deploy',
      storyStartsAt: '14:32',
    });
    expect(deploy?.injects.map((inject) => inject.atMinute)).toEqual([0, 6, 8, 15, 21, 27]);
    // Item ids the seed-000 room fixture ticks must exist, or its ticks would be orphaned.
    const firstItems = catalog.checklists
      .get('first-15-minutes')
      ?.value.items.map((item) => item.id);
    expect(firstItems).toEqual(
      expect.arrayContaining(['open-room', 'assign-roles', 'first-status-update']),
    );
    expect(catalog.postmortemTemplate.file).toBe('postmortem.md.mustache');
  });

  it('triage questions suggest a severity: 10–50% affected is SEV2, a revenue path and worsening push it to SEV1', async () => {
    const { catalog } = await loadTemplates();
    const policy = catalog.severityPolicy.value;
    const answers = {
      'security-or-data': 'no',
      'customers-affected': 'yes',
      'share-affected': 'many',
    };
    expect(suggestSeverity(policy, answers).severity).toBe('SEV2');
    expect(
      suggestSeverity(policy, { ...answers, 'core-revenue': 'yes', 'getting-worse': 'yes' }),
    ).toEqual({
      severity: 'SEV1',
      openQuestions: [],
      reasons: [
        { questionId: 'share-affected', answerId: 'many' },
        { questionId: 'core-revenue', answerId: 'yes' },
        { questionId: 'getting-worse', answerId: 'yes' },
      ],
    });
    expect(suggestSeverity(policy, { 'security-or-data': 'yes' }).severity).toBe('SEV1');
    expect(
      suggestSeverity(policy, { 'security-or-data': 'no', 'customers-affected': 'no' }),
    ).toMatchObject({
      severity: 'SEV4',
      openQuestions: [],
    });
    expect(suggestSeverity(policy, {}).openQuestions).toHaveLength(policy.triage.questions.length);
  });

  it('status templates render from a room view, leaving visible blanks for unknown fields', async () => {
    const { catalog } = await loadTemplates();
    const template = (id: string) => {
      const entry = catalog.statusTemplates.get(id);
      if (entry === undefined) throw new Error(`missing ${id}`);
      return entry.value;
    };
    const investigating = renderStatusUpdate(template('investigating'), sampleStatusView);
    expect(investigating).toContain('[Investigating] Checkout: payments-api elevated errors');
    expect(investigating).toContain('Next update by 14:55 UTC');
    expect(investigating).not.toMatch(/\{\{|undefined|\[object/);
    const blank = renderStatusUpdate(template('investigating'), {
      ...sampleStatusView,
      service: '',
      nextUpdateAt: '',
    });
    expect(blank).toContain('[service]');
    expect(blank).not.toContain('Next update');
    // Plain text: nothing is HTML-escaped in a status draft.
    const amp = renderStatusUpdate(template('identified'), {
      ...sampleStatusView,
      service: 'Search & <Browse>',
    });
    expect(amp).toContain('Search & <Browse>');
    const summary = renderStatusUpdate(template('management-summary'), sampleStatusView);
    expect(summary).toContain('IC: Ana | Comms: Bob | Next update 14:55 UTC');
  });
});

describe('user templates folder', () => {
  it('merges over the built-ins by id and keeps good files when others are bad', async () => {
    const customDeploy = {
      ...validRunbook('bad-deploy', 'bad-deploy'),
      title: 'Our own rollback runbook',
    };
    await put('runbooks/our-deploy.yaml', toYaml(customDeploy));
    await put(
      'runbooks/cache-stampede.yaml',
      toYaml(validRunbook('cache-stampede', 'cache-stampede')),
    );
    const badPolicy = validSeverityPolicy();
    (badPolicy.levels[2] as { updateCadenceMinutes: unknown }).updateCadenceMinutes = -5;
    await put('severity.yaml', toYaml(badPolicy));
    await put('status/investigating.mustache', 'Hi {{{title}}}');
    await put('status/all-clear.mustache', 'All clear on {{service}} as of {{now}}.');
    await put('README.md', 'notes for my team');
    await put('.DS_Store', '\u0000binary');

    const { catalog, problems } = await loadTemplates({ userDir });
    expect(problems.map(formatTemplateProblem)).toEqual([
      'severity.yaml: levels[2].updateCadenceMinutes: expected a positive integer',
      'status/investigating.mustache: line 1: unescaped output ({{{name}}} or {{& name}}) is not allowed: every value is escaped for the output format',
    ]);
    expect(problems.every((problem) => problem.source === 'user')).toBe(true);

    expect(catalog.runbooks.get('bad-deploy')).toMatchObject({
      source: 'user',
      file: 'runbooks/our-deploy.yaml',
      value: { title: 'Our own rollback runbook' },
    });
    expect(catalog.runbooks.get('cache-stampede')?.source).toBe('user');
    expect(catalog.runbooks.get('database-overload')?.source).toBe('builtin');
    expect(catalog.incidentTypes.map((type) => type.id)).toContain('cache-stampede');
    // The bad overrides fell back to the built-ins instead of leaving holes.
    expect(catalog.severityPolicy.source).toBe('builtin');
    expect(catalog.statusTemplates.get('investigating')?.source).toBe('builtin');
    expect(catalog.statusTemplates.get('all-clear')?.source).toBe('user');
  });

  it('a user severity policy replaces the built-in one whatever its id', async () => {
    await put('severity.yaml', toYaml(validSeverityPolicy()));
    const { catalog, problems } = await loadTemplates({ userDir });
    expect(problems).toEqual([]);
    expect(catalog.severityPolicy).toMatchObject({
      source: 'user',
      value: { id: 'test-severity' },
    });
  });

  it('reports dangling references, duplicates, symlinks, oversize and non-UTF-8 files by name', async () => {
    await put('drills/ghost.yaml', toYaml(validDrill('SEV9')));
    await put('runbooks/one.yaml', toYaml(validRunbook('twin', 'twin-type')));
    await put('runbooks/two.yaml', toYaml(validRunbook('twin', 'other-type')));
    await symlink('/etc/passwd', path.join(userDir, 'runbooks', 'linked.yaml'));
    const sparse = await open(path.join(userDir, 'runbooks', 'huge.yaml'), 'w');
    await sparse.truncate(50 * 1024 * 1024);
    await sparse.close();
    await put('checklists/latin1.yaml', '');
    await writeFile(
      path.join(userDir, 'checklists', 'latin1.yaml'),
      Buffer.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3a, 0x20, 0xe9, 0x0a]),
    );
    await put('scripts/run.yaml', 'a: 1');
    await put('notes.txt', 'hello');

    const started = Date.now();
    const { catalog, problems } = await loadTemplates({ userDir });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(problems.map(formatTemplateProblem).sort()).toEqual(
      [
        'checklists/latin1.yaml: not valid UTF-8 text',
        'drills/ghost.yaml: expectedSeverity: unknown severity "SEV9" (not in severity.yaml); this drill is left out',
        'notes.txt: not a known template file (expected severity.yaml or postmortem.md.mustache at the top level)',
        'runbooks/huge.yaml: file is larger than 256 KiB; templates are refused above that size',
        'runbooks/linked.yaml: symbolic links are not followed; copy the file in instead',
        'runbooks/two.yaml: id: duplicate id "twin" (already defined by runbooks/one.yaml); this file is ignored',
        'scripts: not a known template folder (expected checklists, runbooks, drills or status); ignored',
      ].sort(),
    );
    expect(catalog.runbooks.get('twin')?.file).toBe('runbooks/one.yaml');
    expect(catalog.drills.has('test-drill')).toBe(false);
    expect(catalog.drills.size).toBe(2);
  });

  it('a user runbook for a built-in incident type replaces it; two user runbooks for one type do not', async () => {
    await put('runbooks/ours.yaml', toYaml(validRunbook('our-deploy', 'bad-deploy')));
    await put('runbooks/theirs.yaml', toYaml(validRunbook('their-deploy', 'bad-deploy')));
    const { catalog, problems } = await loadTemplates({ userDir });
    expect(problems.map(formatTemplateProblem)).toEqual([
      'runbooks/theirs.yaml: incidentType.id: incident type "bad-deploy" already has a runbook (runbooks/ours.yaml); the room offers one runbook per type, this one is ignored',
    ]);
    expect(runbookFor(catalog, 'bad-deploy')?.value.id).toBe('our-deploy');
    expect(catalog.runbooks.has('bad-deploy')).toBe(false);
  });

  it('reports a user folder that is a file, and stops reading after too many files', async () => {
    const notAFolder = path.join(userDir, 'templates.yaml');
    await writeFile(notAFolder, 'a: 1');
    const asFile = await loadTemplates({ userDir: notAFolder });
    expect(asFile.problems).toHaveLength(1);
    expect(
      formatTemplateProblem(asFile.problems[0] ?? { file: '', path: '', message: '' }),
    ).toMatch(/^\.: templates folder .* cannot be read \(ENOTDIR\)$/);
    expect(asFile.catalog.runbooks.size).toBe(3);

    await mkdir(path.join(userDir, 'checklists'));
    const many = MAX_TEMPLATE_FILES + 5;
    await Promise.all(
      Array.from({ length: many }, (_, index) =>
        writeFile(
          path.join(userDir, 'checklists', `c${String(index).padStart(4, '0')}.yaml`),
          toYaml({ ...validChecklist(), id: `c${index}` }),
        ),
      ),
    );
    const flooded = await loadTemplates({ userDir });
    expect(flooded.problems.map(formatTemplateProblem)).toEqual([
      `checklists/c0500.yaml: more than ${MAX_TEMPLATE_FILES} template files; this and later files are ignored`,
    ]);
    expect(flooded.catalog.checklists.size).toBe(MAX_TEMPLATE_FILES + 1);
  });

  it('a built-in folder with a broken file is a build error, not a user problem', async () => {
    await cp(builtinTemplatesDir(), userDir, { recursive: true });
    await writeFile(path.join(userDir, 'status', 'resolved.mustache'), '{{> footer}}');
    await expect(loadTemplates({ builtinDir: userDir })).rejects.toBeInstanceOf(
      BuiltinTemplatesBrokenError,
    );
    await rm(path.join(userDir, 'status', 'resolved.mustache'));
    await expect(loadTemplates({ builtinDir: userDir })).rejects.toThrow(
      /status\/resolved\.mustache: missing/,
    );
  });
});
