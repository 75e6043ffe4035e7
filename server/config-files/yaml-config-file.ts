import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { formatFieldPath, validationProblems } from '../../shared/util/validation-message';
import type { ConfigError } from '../config';

/**
 * What the relay's YAML files (`--alert-sources`, `--status-pages`) share: read once at start,
 * and refused with one line that names the file, the line and the field, so an operator fixes
 * the file without guessing. Each file keeps its own schema and cross-checks.
 */

/** One thing wrong with a file. */
export interface FileProblem {
  /** Where in the file, for its line number. */
  readonly path: readonly PropertyKey[];
  /** The field as the message names it (`sources[1].authorization.credentials`). */
  readonly field: string;
  readonly message: string;
}

/** A parsed file, with what is needed to name a problem's line. */
export interface YamlConfigFile {
  /** "alert sources file x.yaml": how messages name the file. */
  readonly label: string;
  readonly document: Document;
  readonly lineCounter: LineCounter;
  /** The file's value as plain data (aliases refused), for a schema to check. */
  readonly value: unknown;
}

export type ConfigErrorClass = new (message: string) => ConfigError;

/** The file's text; an unreadable file is refused with its error code, never its content. */
export function readConfigFileText(
  path: string,
  what: string,
  ErrorClass: ConfigErrorClass,
): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ErrorClass(`${what} ${path} cannot be read (${code})`);
  }
}

/** Parses YAML strictly (unique keys, no merge keys, no aliases); a syntax error names its line. */
export function parseYamlConfig(
  text: string,
  label: string,
  ErrorClass: ConfigErrorClass,
): YamlConfigFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, merge: false });
  const [syntax] = [...document.errors, ...document.warnings];
  if (syntax) {
    const line = syntax.linePos?.[0].line;
    throw new ErrorClass(
      `${label}: ${line !== undefined ? `line ${line}: ` : ''}YAML: ${syntax.message.split('\n', 1)[0]}`,
    );
  }
  return { label, document, lineCounter, value: document.toJS({ maxAliasCount: 0 }) };
}

/** Refuses the file on its first problem, naming its line and field and how many more there are. */
export function throwFirstProblem(
  file: YamlConfigFile,
  problems: readonly FileProblem[],
  ErrorClass: ConfigErrorClass,
): void {
  const [first] = problems;
  if (!first) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  const field = first.field ? `${first.field}: ` : '';
  const line = lineOf(file, first.path);
  const where = line !== undefined ? `line ${line}: ` : '';
  throw new ErrorClass(`${file.label}: ${where}${field}${first.message}${more}`);
}

/** A problem found by the file's own cross-checks (a duplicate id, an unknown reference). */
export function problemAt(path: readonly PropertyKey[], message: string): FileProblem {
  return { path, field: formatFieldPath(path), message };
}

/** The zod problems in the shared style, with the raw path (to find the line) under `prefix`. */
export function problemsOf(error: z.ZodError, prefix: readonly PropertyKey[]): FileProblem[] {
  const base = formatFieldPath(prefix);
  return error.issues.flatMap((issue) => {
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
    const path = [...prefix, ...issue.path, ...unknownKey];
    return validationProblems(new z.ZodError([issue])).map((problem) => ({
      path,
      field: joinField(base, problem.path),
      message: problem.message,
    }));
  });
}

function joinField(base: string, field: string): string {
  if (base === '' || field === '') return base || field;
  return field.startsWith('[') ? `${base}${field}` : `${base}.${field}`;
}

/** The line of the deepest node on `path` the file has (a missing field: its parent's line). */
function lineOf(file: YamlConfigFile, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = file.document.getIn(path.slice(0, depth) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return file.lineCounter.linePos(range[0]).line;
  }
  return undefined;
}
