import type { Checklist } from './checklist';
import type { Drill } from './drill';
import type { CheckedMustacheTemplate } from './mustache-template';
import type { ParsedTemplate } from './parse-template-file';
import type { Runbook } from './runbook';
import type { SeverityPolicy } from './severity-policy';
import { statusPhases, MANAGEMENT_SUMMARY_TEMPLATE_ID } from './status-update-view';
import type { TemplateProblem } from './template-problem';

export type TemplateSource = 'builtin' | 'user';

type TemplateValue<K extends ParsedTemplate['kind']> = Extract<
  ParsedTemplate,
  { kind: K }
>['value'];

export interface Sourced<T> {
  readonly value: T;
  /** Path relative to its templates folder. */
  readonly file: string;
  readonly source: TemplateSource;
}

export interface IncidentType {
  readonly id: string;
  readonly name: string;
}

/** Everything the room offers from templates, after user files were merged over the built-ins. */
export interface TemplateCatalog {
  readonly severityPolicy: Sourced<SeverityPolicy>;
  readonly postmortemTemplate: Sourced<CheckedMustacheTemplate>;
  /** By id; always holds investigating, identified, monitoring, resolved and management-summary. */
  readonly statusTemplates: ReadonlyMap<string, Sourced<CheckedMustacheTemplate>>;
  readonly checklists: ReadonlyMap<string, Sourced<Checklist>>;
  /** By runbook id. */
  readonly runbooks: ReadonlyMap<string, Sourced<Runbook>>;
  readonly drills: ReadonlyMap<string, Sourced<Drill>>;
  /** The incident types the room list offers, from the runbooks, sorted by name. */
  readonly incidentTypes: readonly IncidentType[];
}

export interface TemplateLayer {
  readonly source: TemplateSource;
  readonly templates: readonly ParsedTemplate[];
}

/** A problem found while merging, with the folder the offending file is in. */
export interface CatalogProblem extends TemplateProblem {
  readonly source: TemplateSource;
}

export interface CatalogResult {
  readonly catalog: TemplateCatalog;
  /** Problems found while merging (duplicates, dangling references); each names its file. */
  readonly problems: readonly CatalogProblem[];
}

/** Thrown when the built-in templates alone cannot make a usable catalog: a packaging bug. */
export class BuiltinTemplatesBrokenError extends Error {
  constructor(readonly problems: readonly TemplateProblem[]) {
    super(
      `built-in templates are incomplete: ${problems.map((p) => `${p.file}: ${p.message}`).join('; ')}`,
    );
    this.name = 'BuiltinTemplatesBrokenError';
  }
}

/**
 * Merges template layers in order (built-ins, then the user's folder): a later file with the same
 * kind and id replaces an earlier one. Two files with one id inside a single layer is a mistake
 * and the second is reported and ignored. References between templates (a drill's severity and
 * incident type, a checklist's incident types) are checked after merging; an entry whose
 * references dangle is reported and left out rather than offered half-broken.
 */
export function buildTemplateCatalog(layers: readonly TemplateLayer[]): CatalogResult {
  const problems: CatalogProblem[] = [];
  const merged = new Map<string, Sourced<ParsedTemplate>>();
  for (const layer of layers) {
    const seenInLayer = new Map<string, string>();
    for (const template of layer.templates) {
      // There is one severity policy and one postmortem template, whatever id a file gives them.
      const singleton =
        template.kind === 'severity-policy' || template.kind === 'postmortem-template';
      const key = singleton ? template.kind : `${template.kind}:${template.id}`;
      const earlier = seenInLayer.get(key);
      if (earlier !== undefined) {
        problems.push({
          source: layer.source,
          file: template.file,
          path: 'id',
          message: `duplicate id "${template.id}" (already defined by ${earlier}); this file is ignored`,
        });
        continue;
      }
      seenInLayer.set(key, template.file);
      merged.set(key, { value: template, file: template.file, source: layer.source });
    }
  }

  const pick = <K extends ParsedTemplate['kind']>(
    kind: K,
  ): Map<string, Sourced<TemplateValue<K>>> => {
    const out = new Map<string, Sourced<TemplateValue<K>>>();
    for (const entry of merged.values()) {
      if (entry.value.kind !== kind) continue;
      // Narrowed by the kind check above; TypeScript cannot carry that through the generic.
      const value = entry.value.value as unknown as TemplateValue<K>;
      out.set(entry.value.id, { value, file: entry.file, source: entry.source });
    }
    return out;
  };

  const missing: TemplateProblem[] = [];
  const severityPolicy = [...pick('severity-policy').values()][0];
  if (severityPolicy === undefined)
    missing.push({ file: 'severity.yaml', path: '', message: 'missing' });
  const postmortemTemplate = pick('postmortem-template').get('postmortem');
  if (postmortemTemplate === undefined)
    missing.push({ file: 'postmortem.md.mustache', path: '', message: 'missing' });
  const statusTemplates = pick('status-template');
  for (const id of [...statusPhases, MANAGEMENT_SUMMARY_TEMPLATE_ID]) {
    if (!statusTemplates.has(id))
      missing.push({ file: `status/${id}.mustache`, path: '', message: 'missing' });
  }
  if (severityPolicy === undefined || postmortemTemplate === undefined || missing.length > 0) {
    throw new BuiltinTemplatesBrokenError(missing);
  }

  const runbooks = pick('runbook');
  // One runbook per incident type. A user's runbook for a built-in type replaces the built-in one
  // (that is how a team swaps in its own procedure); two in the same folder is a mistake.
  const typeOwners = new Map<string, Sourced<Runbook>>();
  for (const runbook of [...runbooks.values()]) {
    const type = runbook.value.incidentType;
    const owner = typeOwners.get(type.id);
    if (owner !== undefined && owner.source === 'builtin' && runbook.source === 'user') {
      runbooks.delete(owner.value.id);
    } else if (owner !== undefined) {
      problems.push({
        source: runbook.source,
        file: runbook.file,
        path: 'incidentType.id',
        message: `incident type "${type.id}" already has a runbook (${owner.file}); the room offers one runbook per type, this one is ignored`,
      });
      runbooks.delete(runbook.value.id);
      continue;
    }
    typeOwners.set(type.id, runbook);
  }
  const typeNames = new Map(
    [...typeOwners].map(([id, runbook]) => [id, runbook.value.incidentType.name]),
  );

  const severities = new Set(severityPolicy.value.levels.map((level) => level.id));
  const checklists = pick('checklist');
  for (const [id, checklist] of checklists) {
    const unknown = checklist.value.incidentTypes.findIndex((type) => !typeNames.has(type));
    if (unknown !== -1) {
      problems.push({
        source: checklist.source,
        file: checklist.file,
        path: `incidentTypes[${unknown}]`,
        message: `unknown incident type "${checklist.value.incidentTypes[unknown]}" (no runbook declares it); this checklist is left out`,
      });
      checklists.delete(id);
    }
  }
  const drills = pick('drill');
  for (const [id, drill] of drills) {
    if (!severities.has(drill.value.expectedSeverity)) {
      problems.push({
        source: drill.source,
        file: drill.file,
        path: 'expectedSeverity',
        message: `unknown severity "${drill.value.expectedSeverity}" (not in severity.yaml); this drill is left out`,
      });
      drills.delete(id);
    } else if (!typeNames.has(drill.value.incidentType)) {
      problems.push({
        source: drill.source,
        file: drill.file,
        path: 'incidentType',
        message: `unknown incident type "${drill.value.incidentType}" (no runbook declares it); this drill is left out`,
      });
      drills.delete(id);
    }
  }

  const incidentTypes = [...typeNames]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    catalog: {
      severityPolicy,
      postmortemTemplate,
      statusTemplates,
      checklists,
      runbooks,
      drills,
      incidentTypes,
    },
    problems,
  };
}

/** The checklists to offer for a new room of this incident type (general ones included). */
export function checklistsFor(
  catalog: TemplateCatalog,
  incidentType: string,
): Sourced<Checklist>[] {
  return [...catalog.checklists.values()].filter(
    (entry) =>
      entry.value.incidentTypes.length === 0 || entry.value.incidentTypes.includes(incidentType),
  );
}

export function runbookFor(
  catalog: TemplateCatalog,
  incidentType: string,
): Sourced<Runbook> | undefined {
  return [...catalog.runbooks.values()].find(
    (entry) => entry.value.incidentType.id === incidentType,
  );
}
