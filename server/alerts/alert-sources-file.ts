import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { formatFieldPath, validationProblems } from '../../shared/util/validation-message';
import { ConfigError } from '../config';
import type { AlertSourceKind } from './alert-source-kind';
import { compileRule, routeRuleSchema, type CompiledRule } from './alert-routing';
import { ALERT_SOURCE_KINDS } from './kinds';
import {
  PROCESS_SECRET_SOURCES,
  resolveSecretReferences,
  type SecretProblem,
  type SecretSources,
} from './secret-references';

/** One source of the file: its id in `POST /hooks/<id>`, its kind, and its own checked config. */
export interface AlertSource {
  readonly id: string;
  readonly kind: AlertSourceKind<unknown>;
  readonly config: unknown;
}

export interface AlertSources {
  readonly sources: ReadonlyMap<string, AlertSource>;
  readonly rules: readonly CompiledRule[];
}

/** A relay started without `--alert-sources` answers every hook with 404. */
export const NO_ALERT_SOURCES: AlertSources = { sources: new Map(), rules: [] };

/** An alert sources file the relay refuses to start with; the message is one line. */
export class AlertSourcesFileError extends ConfigError {}

/** Ids go into URLs and metric labels: short, and nothing that needs escaping. */
const SOURCE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const kindNames = Object.keys(ALERT_SOURCE_KINDS);

const sourceEnvelope = z.looseObject({
  id: z.string().regex(SOURCE_ID, {
    error: 'must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter or digit',
  }),
  kind: z.enum(kindNames, { error: `must be one of ${kindNames.join(', ')}` }),
});

const fileSchema = z
  .object({
    sources: z.array(sourceEnvelope).min(1, { error: 'must list at least one source' }),
    routes: z.array(routeRuleSchema).default([]),
  })
  .strict();

interface Problem {
  /** Where in the file, for its line number. */
  readonly path: readonly PropertyKey[];
  /** The field as the message names it (`sources[1].authorization.credentials`). */
  readonly field: string;
  readonly message: string;
}

/** Reads and checks the file; throws AlertSourcesFileError naming the line and field. */
export function loadAlertSourcesFile(path: string): AlertSources {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AlertSourcesFileError(`alert sources file ${path} cannot be read (${code})`);
  }
  return parseAlertSources(text, path);
}

/** `secrets`: where `{ env: NAME }` and `{ file: PATH }` values are read (the process's own). */
export function parseAlertSources(
  text: string,
  fileName: string,
  secrets: SecretSources = PROCESS_SECRET_SOURCES,
): AlertSources {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, merge: false });
  const fail = (line: number | undefined, message: string): never => {
    const where = line !== undefined ? `line ${line}: ` : '';
    throw new AlertSourcesFileError(`alert sources file ${fileName}: ${where}${message}`);
  };
  const [syntax] = [...document.errors, ...document.warnings];
  if (syntax) fail(syntax.linePos?.[0].line, `YAML: ${syntax.message.split('\n', 1)[0]}`);

  const problems: Problem[] = [];
  const file = fileSchema.safeParse(document.toJS({ maxAliasCount: 0 }));
  if (!file.success) problems.push(...problemsOf(file.error, []));
  const sources = new Map<string, AlertSource>();
  if (file.success) {
    file.data.sources.forEach((entry, index) => {
      const { id, kind: kindName, ...named } = entry;
      const kind = ALERT_SOURCE_KINDS[kindName]!;
      const unresolved: SecretProblem[] = [];
      const rest = resolveSecretReferences(named, ['sources', index], secrets, unresolved);
      problems.push(
        ...unresolved.map(({ path, message }) => ({ path, field: formatFieldPath(path), message })),
      );
      if (unresolved.length > 0) return;
      const config = kind.configSchema.safeParse(rest);
      if (!config.success) problems.push(...problemsOf(config.error, ['sources', index]));
      else if (sources.has(id)) {
        const path = ['sources', index, 'id'];
        const message = `"${id}" is already the id of another source`;
        problems.push({ path, field: formatFieldPath(path), message });
      } else sources.set(id, { id, kind, config: config.data });
    });
    file.data.routes.forEach((rule, index) => {
      rule.sources?.forEach((id, at) => {
        if (!file.data.sources.some((source) => source.id === id)) {
          const path = ['routes', index, 'sources', at];
          problems.push({
            path,
            field: formatFieldPath(path),
            message: `no source has the id "${id}"`,
          });
        }
      });
    });
  }
  const [first] = problems;
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    const field = first.field ? `${first.field}: ` : '';
    fail(lineOf(document, lineCounter, first.path), `${field}${first.message}${more}`);
  }
  return { sources, rules: (file.data?.routes ?? []).map(compileRule) };
}

/** The zod problems in the shared style, with the raw path (to find the line) under `prefix`. */
function problemsOf(error: z.ZodError, prefix: readonly PropertyKey[]): Problem[] {
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
function lineOf(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = document.getIn(path.slice(0, depth) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}
