import type { z } from 'zod';
import { formatProblem, validationProblems } from '../util/validation-message';

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
  return `${problem.file}: ${formatProblem(problem)}`;
}

export function fileProblem(file: string, message: string, path = ''): TemplateProblem {
  return { file, path, message };
}

export function refuse<T>(file: string, message: string, path = ''): TemplateResult<T> {
  return { ok: false, problems: [fileProblem(file, message, path)] };
}

/** Each zod problem as a template problem, worded by the one validation formatter. */
export function problemsFromZod(file: string, error: z.ZodError): TemplateProblem[] {
  return validationProblems(error).map((problem) => ({ file, ...problem }));
}
