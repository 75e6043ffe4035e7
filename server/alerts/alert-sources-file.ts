import { z } from 'zod';
import { ConfigError } from '../config';
import {
  parseYamlConfig,
  problemAt,
  problemsOf,
  readConfigFileText,
  throwFirstProblem,
  type FileProblem,
} from '../config-files/yaml-config-file';
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

/** Reads and checks the file; throws AlertSourcesFileError naming the line and field. */
export function loadAlertSourcesFile(path: string): AlertSources {
  const text = readConfigFileText(path, 'alert sources file', AlertSourcesFileError);
  return parseAlertSources(text, path);
}

/** `secrets`: where `{ env: NAME }` and `{ file: PATH }` values are read (the process's own). */
export function parseAlertSources(
  text: string,
  fileName: string,
  secrets: SecretSources = PROCESS_SECRET_SOURCES,
): AlertSources {
  const parsedFile = parseYamlConfig(text, `alert sources file ${fileName}`, AlertSourcesFileError);
  const problems: FileProblem[] = [];
  const file = fileSchema.safeParse(parsedFile.value);
  if (!file.success) problems.push(...problemsOf(file.error, []));
  const sources = new Map<string, AlertSource>();
  if (file.success) {
    file.data.sources.forEach((entry, index) => {
      const { id, kind: kindName, ...named } = entry;
      const kind = ALERT_SOURCE_KINDS[kindName]!;
      const unresolved: SecretProblem[] = [];
      const rest = resolveSecretReferences(named, ['sources', index], secrets, unresolved);
      problems.push(...unresolved.map(({ path, message }) => problemAt(path, message)));
      if (unresolved.length > 0) return;
      const config = kind.configSchema.safeParse(rest);
      if (!config.success) problems.push(...problemsOf(config.error, ['sources', index]));
      else if (sources.has(id)) {
        problems.push(
          problemAt(['sources', index, 'id'], `"${id}" is already the id of another source`),
        );
      } else sources.set(id, { id, kind, config: config.data });
    });
    file.data.routes.forEach((rule, index) => {
      rule.sources?.forEach((id, at) => {
        if (!file.data.sources.some((source) => source.id === id)) {
          problems.push(
            problemAt(['routes', index, 'sources', at], `no source has the id "${id}"`),
          );
        }
      });
    });
  }
  throwFirstProblem(parsedFile, problems, AlertSourcesFileError);
  return { sources, rules: (file.data?.routes ?? []).map(compileRule) };
}
