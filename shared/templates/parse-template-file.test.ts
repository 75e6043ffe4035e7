import { describe, expect, it } from 'vitest';
import { parseTemplateFile } from './parse-template-file';
import { MAX_TEMPLATE_BYTES } from './template-limits';
import { formatTemplateProblem } from './template-problem';
import {
  toYaml,
  validChecklist,
  validDrill,
  validRunbook,
  validSeverityPolicy,
} from './template-test-fixtures';

function refusal(file: string, text: string): string[] {
  const result = parseTemplateFile(file, text);
  if (result.ok) throw new Error(`expected ${file} to be refused`);
  return result.problems.map(formatTemplateProblem);
}

describe('parseTemplateFile: valid templates', () => {
  it('accepts each kind and keeps its id', () => {
    const cases: Array<[string, unknown, string]> = [
      ['severity.yaml', validSeverityPolicy(), 'test-severity'],
      ['checklists/a.yaml', validChecklist(), 'test-checklist'],
      ['runbooks/a.yaml', validRunbook(), 'test-runbook'],
      ['drills/a.yaml', validDrill(), 'test-drill'],
    ];
    for (const [file, value, id] of cases) {
      const result = parseTemplateFile(file, toYaml(value));
      expect(result.ok && result.value.id).toBe(id);
    }
    const status = parseTemplateFile(
      'status/investigating.mustache',
      'We look at {{service}} since {{impactStartedAt}}.',
    );
    expect(status.ok && status.value).toMatchObject({
      kind: 'status-template',
      id: 'investigating',
    });
  });
});

describe('parseTemplateFile: malformed YAML templates name file and field', () => {
  it('reports a bad cadence with its exact path', () => {
    const policy = validSeverityPolicy();
    (policy.levels[2] as { updateCadenceMinutes: unknown }).updateCadenceMinutes = 0;
    expect(refusal('severity.yaml', toYaml(policy))).toEqual([
      'severity.yaml: levels[2].updateCadenceMinutes: expected a positive integer',
    ]);
  });

  it('reports a fractional or textual cadence the same way', () => {
    const policy = validSeverityPolicy();
    (policy.levels[1] as { updateCadenceMinutes: unknown }).updateCadenceMinutes = 'half an hour';
    expect(refusal('severity.yaml', toYaml(policy))).toEqual([
      'severity.yaml: levels[1].updateCadenceMinutes: expected a positive integer',
    ]);
  });

  it('refuses unknown keys, naming each', () => {
    const checklist = validChecklist();
    Object.assign(checklist.items[0] ?? {}, { owner: 'bob' });
    Object.assign(checklist, { extra: true });
    const problems = refusal('checklists/first.yaml', toYaml(checklist));
    expect(problems).toContain(
      'checklists/first.yaml: items[0].owner: unknown key (check its spelling; only documented fields are accepted)',
    );
    expect(problems.some((p) => p.startsWith('checklists/first.yaml: extra: unknown key'))).toBe(
      true,
    );
  });

  it('reports a missing required field', () => {
    const runbook: Record<string, unknown> = validRunbook();
    delete runbook.mitigation;
    expect(refusal('runbooks/r.yaml', toYaml(runbook))).toEqual([
      'runbooks/r.yaml: mitigation: is required (expected array)',
    ]);
  });

  it('reports a wrong enum value and a wrong role', () => {
    const drill = validDrill();
    const second = drill.injects[1];
    if (second !== undefined) Object.assign(second, { kind: 'explosion' });
    drill.roles = ['boss'];
    const problems = refusal('drills/d.yaml', toYaml(drill));
    expect(problems).toContain(
      'drills/d.yaml: injects[1].kind: expected one of "context", "alert", "finding", "complication", "stakeholder", "recovery"',
    );
    expect(problems).toContain(
      'drills/d.yaml: roles[0]: expected one of "ic", "ops", "comms", "scribe"',
    );
  });

  it('checks cross-field rules: inject order, duplicate ids, severities named in triage', () => {
    const drill = validDrill();
    drill.injects.push({ id: 'first', atMinute: 5, kind: 'alert', text: 'Out of order.' });
    const problems = refusal('drills/d.yaml', toYaml(drill));
    expect(problems).toContain('drills/d.yaml: injects[2].id: duplicate inject id first');
    expect(problems).toContain(
      'drills/d.yaml: injects[2].atMinute: injects must be in time order (5 comes after 10)',
    );

    const policy = validSeverityPolicy();
    const answer = policy.triage.questions[0]?.answers[0];
    if (answer !== undefined) answer.effect = { set: 'SEV9' } as never;
    expect(refusal('severity.yaml', toYaml(policy))).toEqual([
      'severity.yaml: triage.questions[0].answers[0].effect.set: unknown severity SEV9 (not in levels)',
    ]);
  });

  it('refuses a top-level list or scalar', () => {
    expect(refusal('runbooks/r.yaml', '- a\n- b\n')).toEqual([
      'runbooks/r.yaml: expected a YAML mapping (key: value lines) at the top level',
    ]);
    expect(refusal('runbooks/r.yaml', '')).toEqual([
      'runbooks/r.yaml: expected a YAML mapping (key: value lines) at the top level',
    ]);
  });
});

describe('parseTemplateFile: hostile YAML is refused without hanging', () => {
  const base = toYaml(validRunbook());

  it('refuses a file over the size limit before parsing', () => {
    const huge = base + `# ${'x'.repeat(MAX_TEMPLATE_BYTES)}\n`;
    expect(refusal('runbooks/r.yaml', huge)).toEqual([
      'runbooks/r.yaml: file is larger than 256 KiB; templates are refused above that size',
    ]);
  });

  it('counts multi-byte characters toward the size limit', () => {
    const huge = base + `# ${'é'.repeat(MAX_TEMPLATE_BYTES / 2)}\n`;
    expect(refusal('runbooks/r.yaml', huge)[0]).toMatch(/larger than 256 KiB/);
  });

  it('refuses deep flow nesting that would crash the YAML parser', () => {
    const started = Date.now();
    const deep = `${base}extra: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(refusal('runbooks/r.yaml', deep)).toEqual([
      'runbooks/r.yaml: nests brackets deeper than 32 levels; templates are refused above that depth',
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses deep block nesting', () => {
    let deep = '';
    for (let level = 0; level < 200; level++) deep += `${' '.repeat(level)}k${level}:\n`;
    expect(refusal('runbooks/r.yaml', deep)[0]).toMatch(
      /^runbooks\/r\.yaml: indents deeper than 120 columns/,
    );
    let nested = '';
    for (let level = 0; level < 20; level++) nested += `${' '.repeat(level * 2)}k${level}:\n`;
    expect(refusal('runbooks/r.yaml', nested)[0]).toMatch(/nests deeper than 12 levels/);
  });

  it('refuses an alias bomb, and anchors or aliases at all', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    expect(refusal('runbooks/r.yaml', bomb)[0]).toMatch(
      /^runbooks\/r\.yaml: YAML (anchors|aliases)/,
    );
    expect(refusal('runbooks/r.yaml', `${base}x: &keep 1\n`)).toEqual([
      'runbooks/r.yaml: YAML anchors (&keep) are not allowed in templates; write the value out',
    ]);
  });

  it('refuses explicit tags, duplicate keys and multiple documents', () => {
    expect(refusal('runbooks/r.yaml', 'title: !!js/function "return 1"\n')[0]).toMatch(
      /^runbooks\/r\.yaml: YAML problem: Unresolved tag|YAML tags/,
    );
    expect(refusal('runbooks/r.yaml', 'title: !!binary aGk=\n')[0]).toMatch(
      /YAML tags \(tag:yaml.org,2002:binary\) are not allowed/,
    );
    expect(refusal('runbooks/r.yaml', 'title: a\ntitle: b\n')[0]).toMatch(
      /^runbooks\/r\.yaml: YAML syntax error: Map keys must be unique at line 2/,
    );
    expect(refusal('runbooks/r.yaml', 'title: a\n---\ntitle: b\n')[0]).toMatch(
      /^runbooks\/r\.yaml: YAML syntax error: Source contains multiple documents/,
    );
  });
});

describe('parseTemplateFile: file names', () => {
  it.each([
    ['../severity.yaml'],
    ['runbooks/../../etc/passwd.yaml'],
    ['/etc/severity.yaml'],
    ['runbooks\\..\\x.yaml'],
    ['runbooks/.hidden.yaml'],
    ['status/with space.mustache'],
    ['runbooks/a\u0000.yaml'],
    [''],
  ])('refuses %j before reading it as a template', (file) => {
    const problems = refusal(file, toYaml(validRunbook()));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/file name (is not allowed|must be)/);
  });

  it('refuses unknown places with the file named', () => {
    expect(refusal('scripts/x.yaml', 'a: 1')).toEqual([
      'scripts/x.yaml: not a known template folder "scripts" (expected checklists, runbooks, drills or status)',
    ]);
    expect(refusal('runbooks/x.yml', 'a: 1')).toEqual([
      'runbooks/x.yml: files in runbooks/ must end in .yaml',
    ]);
    expect(refusal('runbooks/a/b.yaml', 'a: 1')).toEqual([
      'runbooks/a/b.yaml: templates are at most one folder deep',
    ]);
    expect(refusal('status/Investigating.mustache', 'x')[0]).toMatch(/lowercase id/);
  });
});

describe('parseTemplateFile: Mustache templates', () => {
  const status = (text: string) => refusal('status/x.mustache', text);

  it('refuses partials, unescaped output and delimiter changes', () => {
    expect(status('{{> ../../etc/passwd}}')).toEqual([
      'status/x.mustache: line 1: partials ({{> name}}) are not allowed: a template cannot pull in other files',
    ]);
    expect(status('a\n{{{title}}}')[0]).toMatch(/^status\/x\.mustache: line 2: unescaped output/);
    expect(status('{{& title}}')[0]).toMatch(/unescaped output/);
    expect(status('{{=<% %>=}}<% title %>')[0]).toMatch(
      /^status\/x\.mustache: line 1: changing delimiters/,
    );
  });

  it('refuses prototype members that Mustache would call as lambdas', () => {
    expect(status('{{#constructor}}x{{/constructor}}')).toEqual([
      'status/x.mustache: line 1: unknown field "constructor" here',
    ]);
    expect(status('{{title.constructor}}')).toEqual([
      'status/x.mustache: line 1: unknown field "title.constructor" here',
    ]);
    expect(status('{{__proto__}}')).toEqual([
      'status/x.mustache: line 1: "__proto__" is not a field name',
    ]);
    expect(status('{{toString}}')).toEqual([
      'status/x.mustache: line 1: unknown field "toString" here',
    ]);
  });

  it('refuses unknown fields, objects printed as text and misplaced dots, with line numbers', () => {
    expect(status('ok\n\n{{servcie}}')).toEqual([
      'status/x.mustache: line 3: unknown field "servcie" here',
    ]);
    expect(status('{{roles}}')[0]).toMatch(/"roles" is a object, not text/);
    expect(status('{{.}}')).toEqual(['status/x.mustache: line 1: unknown field "." here']);
    expect(refusal('postmortem.md.mustache', '{{#timeline}}{{.}}{{/timeline}}')).toEqual([
      'postmortem.md.mustache: line 1: unknown field "." here',
    ]);
  });

  it('resolves names in section scope like Mustache does', () => {
    const ok = parseTemplateFile(
      'postmortem.md.mustache',
      '{{#timeline}}{{time}} {{text}} {{title}}{{#notes}}{{.}}{{/notes}}{{/timeline}}{{^timeline}}none{{/timeline}}',
    );
    expect(ok.ok).toBe(true);
    expect(refusal('postmortem.md.mustache', '{{time}}')).toEqual([
      'postmortem.md.mustache: line 1: unknown field "time" here',
    ]);
  });

  it('reports syntax errors and over-deep sections with a line', () => {
    expect(status('a\n{{#title}}open')).toEqual([
      'status/x.mustache: line 2: Mustache syntax error: Unclosed section "title"',
    ]);
    const deep = '{{#title}}'.repeat(10) + '{{/title}}'.repeat(10);
    expect(status(deep)[0]).toMatch(/sections nest deeper than 8 levels/);
    expect(status('x'.repeat(MAX_TEMPLATE_BYTES + 1))[0]).toMatch(/larger than 256 KiB/);
  });
});
