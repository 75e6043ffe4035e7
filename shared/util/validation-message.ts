import type { z } from 'zod';

/**
 * The one way a refused input is told to a person: HTTP 400 bodies, host request refusals,
 * operation refusals, archive imports, template problems and the CLI all read
 * `path: reason; path: reason`. zod's own messages are written for developers ("Invalid input:
 * expected number, received string"); these are written for the person fixing the input at 3 AM.
 * `z.prettifyError` was not used: its output is several lines with symbols, not one sentence
 * that fits an HTTP body, a toast or a CLI error line.
 */

/** One thing wrong with one field; `path` is `` when the whole value is wrong. */
export interface ValidationProblem {
  readonly path: string;
  readonly message: string;
}

/** A long list of problems (a big array of bad items) is cut here, with a count of the rest. */
export const MAX_PROBLEMS_IN_MESSAGE = 5;

type Issue = z.core.$ZodIssue;

/** `['levels', 2, 'updateCadenceMinutes']` → `levels[2].updateCadenceMinutes`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Every problem in a zod error, one per field (an unknown key is one problem per key). */
export function validationProblems(error: z.ZodError): ValidationProblem[] {
  return error.issues.flatMap((issue) => problemsOf(issue, []));
}

/** `path: reason; path: reason` (at most MAX_PROBLEMS_IN_MESSAGE, then how many more). */
export function formatValidationError(error: z.ZodError): string {
  return formatProblems(validationProblems(error));
}

export function formatProblems(problems: readonly ValidationProblem[]): string {
  if (problems.length === 0) return 'is not valid';
  const shown = problems.slice(0, MAX_PROBLEMS_IN_MESSAGE).map(formatProblem);
  const rest = problems.length - shown.length;
  if (rest > 0) shown.push(`and ${rest} more ${rest === 1 ? 'problem' : 'problems'}`);
  return shown.join('; ');
}

export function formatProblem(problem: ValidationProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

function problemsOf(issue: Issue, parentPath: readonly PropertyKey[]): ValidationProblem[] {
  const path = [...parentPath, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatFieldPath([...path, key]),
      message: 'unknown key (check its spelling; only documented fields are accepted)',
    }));
  }
  if (issue.code === 'invalid_union') {
    const explained = unionProblems(issue.errors, path);
    if (explained !== undefined) return explained;
  }
  return [{ path: formatFieldPath(path), message: describeIssue(issue) }];
}

/**
 * A value that fits no branch of a union. When every branch refuses the same field's value
 * (a `kind` that picks the branch), that field is the problem: say what it accepts. Otherwise
 * the branch with the fewest problems, the deepest first, says most about what was meant (an
 * author object with a bad name). When no branch got past the value's type: undefined, and the
 * union's own description is better.
 */
function unionProblems(
  branches: readonly (readonly Issue[])[],
  path: readonly PropertyKey[],
): ValidationProblem[] | undefined {
  const selector = commonRefusedField(branches);
  if (selector !== undefined) {
    const values = [...new Set(selector.values.map((value) => JSON.stringify(value)))];
    return [
      {
        path: formatFieldPath([...path, ...selector.path]),
        message: `expected one of ${values.join(', ')}`,
      },
    ];
  }
  let best: readonly Issue[] | undefined;
  for (const branch of branches) {
    if ((branch[0]?.path.length ?? 0) === 0) continue;
    if (best === undefined || branch.length < best.length) best = branch;
  }
  return best?.flatMap((inner) => problemsOf(inner, path));
}

function commonRefusedField(
  branches: readonly (readonly Issue[])[],
): { path: readonly PropertyKey[]; values: unknown[] } | undefined {
  const first = branches[0]?.find((issue) => issue.code === 'invalid_value');
  if (first === undefined || first.path.length === 0 || branches.length < 2) return undefined;
  const key = formatFieldPath(first.path);
  const values: unknown[] = [];
  for (const branch of branches) {
    const refusal = branch.find(
      (issue) => issue.code === 'invalid_value' && formatFieldPath(issue.path) === key,
    );
    if (refusal?.code !== 'invalid_value') return undefined;
    values.push(...refusal.values);
  }
  return { path: first.path, values };
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return describeInvalidType(issue);
    case 'invalid_value':
      // A schema's own message stays; zod's defaults list the values with `|`.
      if (!/^Invalid (option|input)/.test(issue.message)) return issue.message;
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return describeUnion(issue);
    case 'too_big':
    case 'too_small':
      return describeSize(issue);
    default:
      return issue.message;
  }
}

// zod's default invalid_type message; the received type is computed from the input even when
// the parse did not keep the input (`reportInput`), so it is read back from here.
const DEFAULT_INVALID_TYPE = /^Invalid input: expected (\S+), received (\S+)$/;

function describeInvalidType(issue: z.core.$ZodIssueInvalidType): string {
  const match = DEFAULT_INVALID_TYPE.exec(issue.message);
  // A parse that kept its input (`reportInput`) tells a missing field apart even where the
  // schema words its own message; otherwise zod's default message says it.
  const missing = 'input' in issue ? issue.input === undefined : match?.[2] === 'undefined';
  // `nonoptional` is zod's name for "any value, but one": nothing to add to "is required".
  if (missing) {
    return issue.expected === 'nonoptional'
      ? 'is required'
      : `is required (expected ${issue.expected})`;
  }
  // Schemas give their own message where a bare type name would not help.
  if (!match) return issue.message;
  const received = match[2] ?? '';
  return `expected ${issue.expected}, got ${RECEIVED_IN_WORDS[received] ?? received}`;
}

const RECEIVED_IN_WORDS: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'a mapping',
  string: 'text',
  number: 'a number',
  boolean: 'true/false',
};

function describeUnion(issue: z.core.$ZodIssueInvalidUnion): string {
  if (issue.message !== 'Invalid input') return issue.message;
  const expected = new Set<string>();
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first?.code === 'invalid_type') expected.add(first.expected);
  }
  return expected.size > 0 ? `expected ${[...expected].join(' or ')}` : 'is not valid';
}

function describeSize(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  // A schema's own message ("must be at most 200 characters") stays as written.
  if (!/^Too (big|small):/.test(issue.message)) return issue.message;
  const big = issue.code === 'too_big';
  const limit = Number(big ? issue.maximum : issue.minimum);
  const bound = big
    ? issue.inclusive
      ? 'at most'
      : 'less than'
    : issue.inclusive
      ? 'at least'
      : 'more than';
  switch (issue.origin) {
    case 'string':
      if (!big && limit === 1 && issue.inclusive) return 'must not be empty';
      return `must be ${bound} ${limit} ${limit === 1 ? 'character' : 'characters'}`;
    case 'array':
    case 'set':
      if (!big && limit === 1 && issue.inclusive) return 'must have at least one item';
      return `must have ${bound} ${limit} ${limit === 1 ? 'item' : 'items'}`;
    case 'number':
    case 'int':
    case 'bigint':
      return `must be ${bound} ${limit}`;
    default:
      return issue.message;
  }
}
