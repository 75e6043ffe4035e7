import { z } from 'zod';
import { STATUS_PAGE_ID_PATTERN } from '../../shared/doc/keys';
import { ConfigError } from '../config';
import {
  parseYamlConfig,
  problemAt,
  problemsOf,
  readConfigFileText,
  throwFirstProblem,
  type FileProblem,
} from '../config-files/yaml-config-file';

/** A part of the service readers know by name ("API", "Dashboard"); incidents are listed under it. */
export interface StatusPageComponent {
  readonly id: string;
  readonly name: string;
}

/** One public page, `GET /status/<id>`. */
export interface StatusPage {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  /** Where the page is published for readers (behind a proxy, say); links in feeds use it. */
  readonly url: string | null;
  readonly components: readonly StatusPageComponent[];
}

export interface StatusPages {
  readonly pages: ReadonlyMap<string, StatusPage>;
}

/** A relay started without `--status-pages` serves no page: every `/status/...` is 404. */
export const NO_STATUS_PAGES: StatusPages = { pages: new Map() };

/** A status pages file the relay refuses to start with; the message is one line. */
export class StatusPagesFileError extends ConfigError {}

// The same shape a room's choice must have (setStatusPage), so every id a room can name is one
// the file can declare.
const idSchema = z.string().regex(STATUS_PAGE_ID_PATTERN, {
  error: 'must be 1-64 lowercase letters, digits or "-", starting with a letter or digit',
});

const textSchema = (max: number) =>
  z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .refine((text) => text.trim() !== '', { error: 'must not be empty' });

const componentSchema = z.strictObject({ id: idSchema, name: textSchema(100) });

const pageSchema = z.strictObject({
  id: idSchema,
  title: textSchema(200),
  description: textSchema(2_000).optional(),
  url: z
    .string()
    .max(2_000)
    .regex(/^https?:\/\/[^\s]+$/i, { error: 'must be an http(s) URL' })
    .optional(),
  components: z.array(componentSchema).min(1, { error: 'must list at least one component' }),
});

const fileSchema = z.strictObject({
  pages: z.array(pageSchema).min(1, { error: 'must list at least one page' }),
});

/** Reads and checks the file; throws StatusPagesFileError naming the line and field. */
export function loadStatusPagesFile(path: string): StatusPages {
  return parseStatusPages(
    readConfigFileText(path, 'status pages file', StatusPagesFileError),
    path,
  );
}

export function parseStatusPages(text: string, fileName: string): StatusPages {
  const file = parseYamlConfig(text, `status pages file ${fileName}`, StatusPagesFileError);
  const parsed = fileSchema.safeParse(file.value);
  const problems: FileProblem[] = parsed.success ? [] : problemsOf(parsed.error, []);
  const pages = new Map<string, StatusPage>();
  parsed.data?.pages.forEach((page, index) => {
    if (pages.has(page.id)) {
      problems.push(
        problemAt(['pages', index, 'id'], `"${page.id}" is already the id of another page`),
      );
      return;
    }
    const seen = new Set<string>();
    page.components.forEach((component, at) => {
      if (seen.has(component.id)) {
        const path = ['pages', index, 'components', at, 'id'];
        problems.push(problemAt(path, `"${component.id}" is already a component of this page`));
      }
      seen.add(component.id);
    });
    pages.set(page.id, {
      id: page.id,
      title: page.title,
      description: page.description ?? null,
      url: page.url ?? null,
      components: page.components.map(({ id, name }) => ({ id, name })),
    });
  });
  throwFirstProblem(file, problems, StatusPagesFileError);
  return { pages };
}
