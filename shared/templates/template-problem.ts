import type { z } from 'zod';

/**
 * One thing wrong with one template file. `file` is the path relative to the templates folder it
 * came from, `path` the field inside it (`levels[2].updateCadenceMinutes`, or `` for the whole
 * file), so an on-call engineer can go straight to the line to fix.
 */
export interface TemplateProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

export type TemplateResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly TemplateProblem[] };

export function formatTemplateProblem(problem: TemplateProblem): string {
  return problem.path === ''
    ? `${problem.file}: ${problem.message}`
    : `${problem.file}: ${problem.path}: ${problem.message}`;
}

export function fileProblem(file: string, message: string, path = ''): TemplateProblem {
  return { file, path, message };
}

export function refuse<T>(file: string, message: string, path = ''): TemplateResult<T> {
  return { ok: false, problems: [fileProblem(file, message, path)] };
}

/** `['levels', 2, 'updateCadenceMinutes']` → `levels[2].updateCadenceMinutes`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/**
 * zod's own messages are written for developers ("Invalid input: expected number, received
 * string"); these are written for the person editing the YAML at 3 AM.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `is required (expected ${issue.expected})`;
      // Schemas give their own message where a bare type name would not help.
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      return `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  return typeof value;
}

export function problemsFromZod(file: string, error: z.ZodError): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          file,
          path: formatFieldPath([...issue.path, key]),
          message: 'unknown key (check its spelling; templates accept only documented fields)',
        });
      }
      continue;
    }
    problems.push({ file, path: formatFieldPath(issue.path), message: describeIssue(issue) });
  }
  return problems;
}
