import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseTemplateFile,
  type ParsedTemplate,
} from '../../../shared/templates/parse-template-file';
import {
  BuiltinTemplatesBrokenError,
  buildTemplateCatalog,
  type TemplateCatalog,
  type TemplateSource,
} from '../../../shared/templates/template-catalog';
import { MAX_TEMPLATE_BYTES } from '../../../shared/templates/template-limits';
import type { TemplateProblem } from '../../../shared/templates/template-problem';

/** A problem with one file, and whether it is in the built-in or the user's templates folder. */
export interface LoadProblem extends TemplateProblem {
  readonly source: TemplateSource;
}

export interface LoadedTemplates {
  readonly catalog: TemplateCatalog;
  /** Everything wrong with the user's folder; the good files are in the catalog regardless. */
  readonly problems: readonly LoadProblem[];
}

export interface LoadTemplatesOptions {
  /** The templates shipped with the app; defaults to the repository's templates/ folder. */
  readonly builtinDir?: string;
  /** The user's own templates, merged over the built-ins by id. Missing folder = none. */
  readonly userDir?: string | undefined;
}

/** A user folder with more files than this is not a templates folder; the rest is reported. */
export const MAX_TEMPLATE_FILES = 500;

const TEMPLATE_FOLDERS = new Set(['checklists', 'runbooks', 'drills', 'status']);

export function builtinTemplatesDir(): string {
  return fileURLToPath(new URL('../../../templates/', import.meta.url));
}

/**
 * Reads the built-in templates and the user's folder, validates every file and merges them.
 * A bad user file is reported (file name + field) and skipped, never fatal: the room must open at
 * 3 AM even if someone left a typo in their runbook. A bad built-in file throws
 * {@link BuiltinTemplatesBrokenError}, because that is a broken build, not a user mistake.
 */
export async function loadTemplates(options: LoadTemplatesOptions = {}): Promise<LoadedTemplates> {
  const builtin = await readTemplateFolder(options.builtinDir ?? builtinTemplatesDir(), 'builtin');
  if (builtin.problems.length > 0) throw new BuiltinTemplatesBrokenError(builtin.problems);
  const user =
    options.userDir === undefined
      ? { templates: [], problems: [] }
      : await readTemplateFolder(options.userDir, 'user');
  const { catalog, problems } = buildTemplateCatalog([
    { source: 'builtin', templates: builtin.templates },
    { source: 'user', templates: user.templates },
  ]);
  return { catalog, problems: [...user.problems, ...problems] };
}

interface FolderContents {
  readonly templates: ParsedTemplate[];
  readonly problems: LoadProblem[];
}

async function readTemplateFolder(root: string, source: TemplateSource): Promise<FolderContents> {
  const contents: FolderContents = { templates: [], problems: [] };
  const report = (file: string, message: string): void => {
    contents.problems.push({ file, path: '', message, source });
  };
  let rootEntries: string[];
  try {
    rootEntries = await readdir(root);
  } catch (error: unknown) {
    // No user folder is the normal case; a missing built-in folder is a broken install.
    if (source === 'user' && errorCode(error) === 'ENOENT') return contents;
    report('.', `templates folder ${root} cannot be read (${errorCode(error) ?? String(error)})`);
    return contents;
  }

  const files: string[] = [];
  for (const name of rootEntries.sort()) {
    if (isIgnored(name)) continue;
    const kind = await entryKind(path.join(root, name));
    if (kind === 'directory' && TEMPLATE_FOLDERS.has(name)) {
      let inner: string[];
      try {
        inner = await readdir(path.join(root, name));
      } catch (error: unknown) {
        report(name, `folder cannot be read (${errorCode(error) ?? String(error)})`);
        continue;
      }
      for (const innerName of inner.sort())
        if (!isIgnored(innerName)) files.push(`${name}/${innerName}`);
    } else if (kind === 'directory') {
      report(
        name,
        'not a known template folder (expected checklists, runbooks, drills or status); ignored',
      );
    } else {
      files.push(name);
    }
  }

  for (const [index, file] of files.entries()) {
    if (index >= MAX_TEMPLATE_FILES) {
      report(
        file,
        `more than ${MAX_TEMPLATE_FILES} template files; this and later files are ignored`,
      );
      break;
    }
    const read = await readTemplateText(root, file);
    if (!read.ok) {
      report(file, read.message);
      continue;
    }
    const parsed = parseTemplateFile(file, read.text);
    if (parsed.ok) contents.templates.push(parsed.value);
    else contents.problems.push(...parsed.problems.map((problem) => ({ ...problem, source })));
  }
  return contents;
}

type ReadResult = { ok: true; text: string } | { ok: false; message: string };

async function readTemplateText(root: string, file: string): Promise<ReadResult> {
  const full = path.join(root, ...file.split('/'));
  try {
    // lstat, not stat: a symlink could point anywhere on the disk (or at /dev/zero).
    const info = await lstat(full);
    if (info.isSymbolicLink())
      return { ok: false, message: 'symbolic links are not followed; copy the file in instead' };
    if (info.isDirectory()) return { ok: false, message: 'is a folder, expected a template file' };
    if (!info.isFile()) return { ok: false, message: 'not a regular file' };
    if (info.size > MAX_TEMPLATE_BYTES) {
      return {
        ok: false,
        message: `file is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB; templates are refused above that size`,
      };
    }
    const bytes = await readFile(full);
    if (bytes.length > MAX_TEMPLATE_BYTES) {
      return {
        ok: false,
        message: `file is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB; templates are refused above that size`,
      };
    }
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, message: 'not valid UTF-8 text' };
    }
  } catch (error: unknown) {
    return { ok: false, message: `cannot be read (${errorCode(error) ?? String(error)})` };
  }
}

async function entryKind(full: string): Promise<'directory' | 'other'> {
  try {
    const info = await lstat(full);
    return info.isDirectory() ? 'directory' : 'other';
  } catch {
    // Vanished between readdir and lstat; reading it later reports the error with its name.
    return 'other';
  }
}

/** Editor droppings and notes people keep next to their templates are not templates. */
function isIgnored(name: string): boolean {
  return name.startsWith('.') || /^readme(\.[a-z]+)?$/i.test(name) || name.endsWith('~');
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}
