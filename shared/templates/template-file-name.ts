import { MAX_TEMPLATE_PATH_LENGTH } from './template-limits';
import { refuse, type TemplateResult } from './template-problem';

export type TemplateKind =
  'severity-policy' | 'checklist' | 'runbook' | 'drill' | 'status-template' | 'postmortem-template';

export interface TemplateFileRole {
  readonly kind: TemplateKind;
  /** For Mustache files the id is the file name; YAML files carry their own `id`. */
  readonly idFromName: string | null;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/**
 * Where a file sits in a templates folder decides what it is. `file` is always a `/`-separated
 * path relative to that folder; anything that could step outside it (`..`, absolute paths,
 * backslashes, NUL, hidden names) is refused before the name is used for anything.
 *
 *   severity.yaml               the severity policy
 *   postmortem.md.mustache      the postmortem template
 *   status/<id>.mustache        a status-update template (investigating, identified, ...)
 *   checklists/<name>.yaml      a checklist
 *   runbooks/<name>.yaml        a runbook
 *   drills/<name>.yaml          a drill scenario
 */
export function classifyTemplateFile(file: string): TemplateResult<TemplateFileRole> {
  const shown = JSON.stringify(file.slice(0, 80));
  if (file.length === 0 || file.length > MAX_TEMPLATE_PATH_LENGTH) {
    return refuse(shown, `file name must be 1 to ${MAX_TEMPLATE_PATH_LENGTH} characters`);
  }
  const segments = file.split('/');
  if (segments.some((segment) => !SEGMENT.test(segment))) {
    return refuse(
      shown,
      "file name is not allowed: use letters, digits, '-', '_' and '.' inside one templates folder (no '..', no absolute paths, no hidden files)",
    );
  }
  const [first, second, ...rest] = segments;
  if (rest.length > 0 || first === undefined)
    return refuse(file, 'templates are at most one folder deep');
  if (second === undefined) {
    if (first === 'severity.yaml') return ok('severity-policy', null);
    if (first === 'postmortem.md.mustache') return ok('postmortem-template', 'postmortem');
    return refuse(
      file,
      'not a known template file (expected severity.yaml or postmortem.md.mustache at the top level)',
    );
  }
  const folderKinds: Record<string, TemplateKind> = {
    checklists: 'checklist',
    runbooks: 'runbook',
    drills: 'drill',
  };
  const yamlKind = folderKinds[first];
  if (yamlKind !== undefined) {
    if (!second.endsWith('.yaml')) return refuse(file, `files in ${first}/ must end in .yaml`);
    return ok(yamlKind, null);
  }
  if (first === 'status') {
    const id = /^([a-z0-9][a-z0-9-]{0,62})\.mustache$/.exec(second)?.[1];
    if (id === undefined) {
      return refuse(
        file,
        'status templates are named <id>.mustache with a lowercase id (e.g. investigating.mustache)',
      );
    }
    return ok('status-template', id);
  }
  return refuse(
    file,
    `not a known template folder "${first}" (expected checklists, runbooks, drills or status)`,
  );
}

function ok(kind: TemplateKind, idFromName: string | null): TemplateResult<TemplateFileRole> {
  return { ok: true, value: { kind, idFromName } };
}
