import Mustache from 'mustache';
import type { FieldSpec, ObjectFieldSpec } from './mustache-fields';
import { MAX_MUSTACHE_SECTION_DEPTH, MAX_TEMPLATE_BYTES } from './template-limits';
import { refuse, type TemplateProblem, type TemplateResult } from './template-problem';

/** A Mustache template that passed {@link checkMustacheTemplate}; safe to render with its view. */
export interface CheckedMustacheTemplate {
  readonly file: string;
  readonly text: string;
}

// Mustache.parse's token tuple: [type, value, start, end, children?, ...]
type Token = [string, string, number, number, Token[]?, ...unknown[]];

const REFUSED_TAGS: Record<string, string> = {
  '>': 'partials ({{> name}}) are not allowed: a template cannot pull in other files',
  '&': 'unescaped output ({{{name}}} or {{& name}}) is not allowed: every value is escaped for the output format',
  '=': 'changing delimiters ({{= =}}) is not allowed',
};

const NAME = /^(\.|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*)$/;

/**
 * Checks a Mustache template against the fields its view offers. Only plain variables, sections,
 * inverted sections and comments are allowed, and each name must be a field of the view in scope:
 * that keeps templates from reaching prototype members (`constructor`, `toString`), which Mustache
 * would call as lambdas, and turns a typo into an error naming the line instead of a silent blank.
 */
export function checkMustacheTemplate(
  file: string,
  text: string,
  view: ObjectFieldSpec,
): TemplateResult<CheckedMustacheTemplate> {
  if (text.length > MAX_TEMPLATE_BYTES) {
    return refuse(
      file,
      `file is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB; templates are refused above that size`,
    );
  }
  let tokens: Token[];
  try {
    // The default tags only; a template may not switch them (see REFUSED_TAGS).
    tokens = Mustache.parse(text, ['{{', '}}']) as unknown as Token[];
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at (\d+)$/.exec(message);
    const path = offset?.[1] === undefined ? '' : lineOf(text, Number(offset[1]));
    return refuse(file, `Mustache syntax error: ${message.replace(/ at \d+$/, '')}`, path);
  }
  const problems: TemplateProblem[] = [];
  walk(tokens, [view], 0, { file, text, problems });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { file, text } };
}

interface WalkContext {
  readonly file: string;
  readonly text: string;
  readonly problems: TemplateProblem[];
}

function walk(
  tokens: readonly Token[],
  scopes: readonly FieldSpec[],
  depth: number,
  ctx: WalkContext,
): void {
  for (const token of tokens) {
    const [type, rawName, start] = token;
    if (type === 'text' || type === '!') continue;
    const at = lineOf(ctx.text, start);
    const refusal = REFUSED_TAGS[type];
    if (refusal !== undefined) {
      ctx.problems.push({ file: ctx.file, path: at, message: refusal });
      continue;
    }
    const name = rawName.trim();
    if (!NAME.test(name)) {
      ctx.problems.push({ file: ctx.file, path: at, message: `"${name}" is not a field name` });
      continue;
    }
    const field = resolve(name, scopes);
    if (field === undefined) {
      ctx.problems.push({ file: ctx.file, path: at, message: `unknown field "${name}" here` });
      continue;
    }
    if (type === 'name') {
      if (field.kind !== 'text') {
        ctx.problems.push({
          file: ctx.file,
          path: at,
          message: `"${name}" is a ${field.kind === 'flag' ? 'yes/no flag' : field.kind}, not text: use {{#${name}}}…{{/${name}}}`,
        });
      }
      continue;
    }
    if (type === '#' || type === '^') {
      if (depth + 1 > MAX_MUSTACHE_SECTION_DEPTH) {
        ctx.problems.push({
          file: ctx.file,
          path: at,
          message: `sections nest deeper than ${MAX_MUSTACHE_SECTION_DEPTH} levels`,
        });
        continue;
      }
      const children = token[4] ?? [];
      // An inverted section renders only when the value is empty, so its scope does not change.
      const inner = type === '#' ? [innerScope(field), ...scopes] : scopes;
      walk(children, inner, depth + 1, ctx);
      continue;
    }
    ctx.problems.push({ file: ctx.file, path: at, message: `tag type "${type}" is not allowed` });
  }
}

/** Inside `{{#list}}` the item is in scope; inside `{{#text}}` the text itself is `.`. */
function innerScope(field: FieldSpec): FieldSpec {
  return field.kind === 'list' ? field.item : field;
}

function resolve(name: string, scopes: readonly FieldSpec[]): FieldSpec | undefined {
  if (name === '.') {
    const current = scopes[0];
    return current?.kind === 'text' ? current : undefined;
  }
  const [head, ...rest] = name.split('.');
  if (head === undefined) return undefined;
  for (const scope of scopes) {
    if (scope.kind !== 'object') continue;
    let field = scope.fields.get(head);
    if (field === undefined) continue;
    for (const segment of rest) {
      field = field.kind === 'object' ? field.fields.get(segment) : undefined;
      if (field === undefined) return undefined;
    }
    return field;
  }
  return undefined;
}

function lineOf(text: string, offset: number): string {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return `line ${line}`;
}

/**
 * Renders a checked template. `escape` decides what a value may do in the output format (plain
 * text for status updates, Markdown for postmortems); the view must already be validated against
 * the schema the template was checked with.
 */
export function renderMustache(
  template: CheckedMustacheTemplate,
  view: object,
  escape: (value: string) => string,
): string {
  return Mustache.render(
    template.text,
    view,
    {},
    { tags: ['{{', '}}'], escape: (value: unknown) => escape(String(value)) },
  );
}
