import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStatusPagesFile, parseStatusPages, StatusPagesFileError } from './status-pages-file';

const GOOD = [
  'pages:',
  '  - id: public',
  '    title: Example status',
  '    description: How our services are doing',
  '    url: https://status.example.com',
  '    components:',
  '      - { id: api, name: API }',
  '      - { id: dashboard, name: Dashboard }',
  '  - id: internal',
  '    title: Internal tools',
  '    components:',
  '      - { id: ci, name: CI }',
];

function problemOf(lines: string[]): string {
  try {
    parseStatusPages(lines.join('\n'), 'pages.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(StatusPagesFileError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('the status pages file', () => {
  it('takes pages with their components, in file order', () => {
    const { pages } = parseStatusPages(GOOD.join('\n'), 'pages.yaml');
    expect([...pages.keys()]).toEqual(['public', 'internal']);
    expect(pages.get('public')).toEqual({
      id: 'public',
      title: 'Example status',
      description: 'How our services are doing',
      url: 'https://status.example.com',
      components: [
        { id: 'api', name: 'API' },
        { id: 'dashboard', name: 'Dashboard' },
      ],
    });
    expect(pages.get('internal')).toMatchObject({ description: null, url: null });
  });

  it.each([
    [
      'a page id that cannot be a URL path segment',
      ['pages:', '  - id: Public Page', '    title: T', '    components: [{ id: api, name: API }]'],
      'status pages file pages.yaml: line 2: pages[0].id: must be 1-64 lowercase letters, digits or "-", starting with a letter or digit',
    ],
    [
      'a page without components',
      ['pages:', '  - id: public', '    title: T', '    components: []'],
      'status pages file pages.yaml: line 4: pages[0].components: must list at least one component',
    ],
    [
      'a component without a name',
      ['pages:', '  - id: public', '    title: T', '    components:', '      - id: api'],
      'status pages file pages.yaml: line 5: pages[0].components[0].name: is required (expected string)',
    ],
    [
      'a misspelt field',
      [...GOOD.slice(0, 3), '    descripton: typo', ...GOOD.slice(5, 8)],
      'status pages file pages.yaml: line 4: pages[0].descripton: unknown key (check its spelling; only documented fields are accepted)',
    ],
    [
      'a javascript: URL',
      [...GOOD.slice(0, 4), '    url: javascript:alert(1)', ...GOOD.slice(5, 8)],
      'status pages file pages.yaml: line 5: pages[0].url: must be an http(s) URL',
    ],
    [
      'two pages with one id',
      [...GOOD.slice(0, 8), '  - id: public', ...GOOD.slice(9)],
      'status pages file pages.yaml: line 9: pages[1].id: "public" is already the id of another page',
    ],
    [
      'a component listed twice',
      [...GOOD.slice(0, 8), '      - { id: api, name: API v2 }'],
      'status pages file pages.yaml: line 9: pages[0].components[2].id: "api" is already a component of this page',
    ],
    [
      'broken YAML',
      ['pages:', '  - id: public', '   title: T'],
      /^status pages file pages\.yaml: line 3: YAML: /,
    ],
    [
      'no pages',
      ['pages: []'],
      'status pages file pages.yaml: line 1: pages: must list at least one page',
    ],
  ])('refuses %s, naming the line and field', (_name, lines, expected) => {
    const message = problemOf(lines);
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('names a file it cannot read by its error code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'status-pages-'));
    expect(() => loadStatusPagesFile(join(dir, 'missing.yaml'))).toThrow(
      /^status pages file .*missing\.yaml cannot be read \(ENOENT\)$/,
    );
    writeFileSync(join(dir, 'pages.yaml'), GOOD.join('\n'));
    expect(loadStatusPagesFile(join(dir, 'pages.yaml')).pages.size).toBe(2);
  });
});
