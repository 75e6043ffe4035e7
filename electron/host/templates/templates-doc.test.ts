import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { listFieldPaths } from '../../../shared/templates/mustache-fields';
import { postmortemFields } from '../../../shared/templates/postmortem-view';
import { statusUpdateFields } from '../../../shared/templates/status-update-view';

// docs/TEMPLATES.md is what template authors read; a field missing there is a field nobody uses.
describe('docs/TEMPLATES.md', () => {
  it('documents every field a status or postmortem template can read', async () => {
    const doc = await readFile(new URL('../../../docs/TEMPLATES.md', import.meta.url), 'utf8');
    const mentioned = (field: string): boolean => {
      const leaf =
        field
          .replace(/\[\]$/, '')
          .split(/\[\]\.|\./)
          .pop() ?? field;
      return [field, leaf, `${field}[]`, `${leaf}[]`].some((name) => doc.includes(`\`${name}\``));
    };
    const undocumented = [
      ...listFieldPaths(statusUpdateFields),
      ...listFieldPaths(postmortemFields),
    ].filter((field) => !mentioned(field));
    expect(undocumented).toEqual([]);
  });
});
