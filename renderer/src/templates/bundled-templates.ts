import type { Checklist } from '../../../shared/templates/checklist';
import type { CheckedMustacheTemplate } from '../../../shared/templates/mustache-template';
import { parseTemplateFile } from '../../../shared/templates/parse-template-file';
import type { Runbook } from '../../../shared/templates/runbook';
import type { SeverityPolicy } from '../../../shared/templates/severity-policy';

/** The templates the room UI needs, whichever way they reached the renderer. */
export interface RoomTemplates {
  severityPolicy: SeverityPolicy | null;
  statusTemplates: ReadonlyMap<string, CheckedMustacheTemplate>;
  checklists: readonly Checklist[];
  runbooks: readonly Runbook[];
  /** Files that failed validation, named so a broken build is noticed rather than hidden. */
  problems: readonly string[];
}

/**
 * Stand-in until the host serves the merged catalogue (a `templates.get` host method, asked of
 * the lead): the built-in files are bundled as text at build time and validated here by the same
 * shared parser the host uses. User templates appear only once the host serves them.
 */
const files = import.meta.glob<string>('../../../templates/**/*.{yaml,mustache}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export function loadBundledTemplates(source: Record<string, string> = files): RoomTemplates {
  const statusTemplates = new Map<string, CheckedMustacheTemplate>();
  const checklists: Checklist[] = [];
  const runbooks: Runbook[] = [];
  const problems: string[] = [];
  let severityPolicy: SeverityPolicy | null = null;
  for (const [path, text] of Object.entries(source)) {
    const relative = path.replace(/^(\.\.\/)+templates\//, '');
    const parsed = parseTemplateFile(relative, text);
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((problem) => `${problem.file}: ${problem.message}`));
      continue;
    }
    const template = parsed.value;
    switch (template.kind) {
      case 'severity-policy':
        severityPolicy = template.value;
        break;
      case 'status-template':
        statusTemplates.set(template.id, template.value);
        break;
      case 'checklist':
        checklists.push(template.value);
        break;
      case 'runbook':
        runbooks.push(template.value);
        break;
      case 'drill':
      case 'postmortem-template':
        break;
    }
  }
  if (problems.length > 0) console.warn('incident-room: bundled templates with problems', problems);
  return { severityPolicy, statusTemplates, checklists, runbooks, problems };
}

let cached: RoomTemplates | null = null;

export function bundledTemplates(): RoomTemplates {
  cached ??= loadBundledTemplates();
  return cached;
}

export function checklistsForType(
  templates: RoomTemplates,
  incidentType: string | null,
): Checklist[] {
  return templates.checklists.filter(
    (checklist) =>
      checklist.incidentTypes.length === 0 ||
      (incidentType !== null && checklist.incidentTypes.includes(incidentType)),
  );
}

export function runbookForType(
  templates: RoomTemplates,
  incidentType: string | null,
): Runbook | null {
  return templates.runbooks.find((runbook) => runbook.incidentType.id === incidentType) ?? null;
}
