import type { z } from 'zod';
import { checklistSchema, type Checklist } from './checklist';
import { drillSchema, type Drill } from './drill';
import { checkMustacheTemplate, type CheckedMustacheTemplate } from './mustache-template';
import { postmortemFields } from './postmortem-view';
import { runbookSchema, type Runbook } from './runbook';
import { parseYamlSafely } from './safe-yaml';
import { severityPolicySchema, type SeverityPolicy } from './severity-policy';
import { statusUpdateFields } from './status-update-view';
import { classifyTemplateFile } from './template-file-name';
import { problemsFromZod, type TemplateResult } from './template-problem';

export type ParsedTemplate =
  | {
      readonly kind: 'severity-policy';
      readonly file: string;
      readonly id: string;
      readonly value: SeverityPolicy;
    }
  | {
      readonly kind: 'checklist';
      readonly file: string;
      readonly id: string;
      readonly value: Checklist;
    }
  | {
      readonly kind: 'runbook';
      readonly file: string;
      readonly id: string;
      readonly value: Runbook;
    }
  | { readonly kind: 'drill'; readonly file: string; readonly id: string; readonly value: Drill }
  | {
      readonly kind: 'status-template';
      readonly file: string;
      readonly id: string;
      readonly value: CheckedMustacheTemplate;
    }
  | {
      readonly kind: 'postmortem-template';
      readonly file: string;
      readonly id: string;
      readonly value: CheckedMustacheTemplate;
    };

/**
 * Parses and validates one template file from its relative path and text. Pure: the host's loader
 * reads the files, the renderer can validate a pasted template, and tests need no disk.
 */
export function parseTemplateFile(file: string, text: string): TemplateResult<ParsedTemplate> {
  const role = classifyTemplateFile(file);
  if (!role.ok) return role;
  switch (role.value.kind) {
    case 'severity-policy':
      return parseYamlTemplate(file, text, severityPolicySchema, (value) => ({
        kind: 'severity-policy',
        file,
        id: value.id,
        value,
      }));
    case 'checklist':
      return parseYamlTemplate(file, text, checklistSchema, (value) => ({
        kind: 'checklist',
        file,
        id: value.id,
        value,
      }));
    case 'runbook':
      return parseYamlTemplate(file, text, runbookSchema, (value) => ({
        kind: 'runbook',
        file,
        id: value.id,
        value,
      }));
    case 'drill':
      return parseYamlTemplate(file, text, drillSchema, (value) => ({
        kind: 'drill',
        file,
        id: value.id,
        value,
      }));
    case 'status-template': {
      const id = role.value.idFromName ?? '';
      const checked = checkMustacheTemplate(file, text, statusUpdateFields);
      return checked.ok
        ? { ok: true, value: { kind: 'status-template', file, id, value: checked.value } }
        : checked;
    }
    case 'postmortem-template': {
      const checked = parsePostmortemTemplate(file, text);
      return checked.ok
        ? {
            ok: true,
            value: { kind: 'postmortem-template', file, id: 'postmortem', value: checked.value },
          }
        : checked;
    }
  }
}

/**
 * Checks a postmortem template given by path and text; the export CLI uses it for a template the
 * user points at, so the name is only used in messages and may be any file name.
 */
export function parsePostmortemTemplate(
  file: string,
  text: string,
): TemplateResult<CheckedMustacheTemplate> {
  return checkMustacheTemplate(file, text, postmortemFields);
}

function parseYamlTemplate<S extends z.ZodType, T>(
  file: string,
  text: string,
  schema: S,
  wrap: (value: z.output<S>) => T,
): TemplateResult<T> {
  const yaml = parseYamlSafely(file, text);
  if (!yaml.ok) return yaml;
  if (yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    return {
      ok: false,
      problems: [
        { file, path: '', message: 'expected a YAML mapping (key: value lines) at the top level' },
      ],
    };
  }
  const parsed = schema.safeParse(yaml.value, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: problemsFromZod(file, parsed.error) };
  return { ok: true, value: wrap(parsed.data) };
}
