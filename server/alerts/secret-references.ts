import { readFileSync } from 'node:fs';

/** A value the sources file names instead of writing it: `{ env: NAME }` or `{ file: PATH }`. */
export interface SecretProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface SecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => string;
}

export const PROCESS_SECRET_SOURCES: SecretSources = {
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
};

/**
 * Replaces every `{ env: NAME }` and `{ file: PATH }` in a source entry by the variable's value or
 * the file's content (one trailing newline dropped, as `echo` and editors leave one), so the file
 * itself can be kept in a repository without its secrets, as Alertmanager's `credentials_file`
 * allows. Problems name where they are and the variable or file, never a value.
 */
export function resolveSecretReferences(
  value: unknown,
  path: readonly PropertyKey[],
  sources: SecretSources,
  problems: SecretProblem[],
): unknown {
  if (Array.isArray(value))
    return value.map((item, index) =>
      resolveSecretReferences(item, [...path, index], sources, problems),
    );
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const reference = entries.length === 1 ? entries[0]! : null;
  if (reference && reference[0] === 'env' && typeof reference[1] === 'string') {
    const found = sources.env[reference[1]];
    if (found === undefined || found === '')
      problems.push({ path, message: `environment variable ${reference[1]} is not set` });
    return found ?? '';
  }
  if (reference && reference[0] === 'file' && typeof reference[1] === 'string') {
    try {
      return sources.readFile(reference[1]).replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push({ path, message: `secret file ${reference[1]} cannot be read (${code})` });
      return '';
    }
  }
  return Object.fromEntries(
    entries.map(([key, item]) => [
      key,
      resolveSecretReferences(item, [...path, key], sources, problems),
    ]),
  );
}
