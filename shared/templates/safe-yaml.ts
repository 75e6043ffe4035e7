import { isAlias, isNode, parseDocument, visit } from 'yaml';
import {
  MAX_TEMPLATE_BYTES,
  MAX_TEMPLATE_VALUE_DEPTH,
  MAX_YAML_FLOW_DEPTH,
  MAX_YAML_INDENT_COLUMNS,
} from './template-limits';
import { refuse, type TemplateResult } from './template-problem';

/**
 * Parses one YAML template into plain data, refusing anything a hand-written template never needs
 * and a hostile one could use to hang or crash the host: oversize files, pathological nesting
 * (the yaml package runs out of stack, and then memory, on a few thousand nested `[`), anchors and
 * aliases (billion-laughs expansion), explicit tags, duplicate keys and multi-document streams.
 */
export function parseYamlSafely(file: string, text: string): TemplateResult<unknown> {
  if (utf8Length(text) > MAX_TEMPLATE_BYTES) {
    return refuse(
      file,
      `file is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB; templates are refused above that size`,
    );
  }
  const shape = checkTextShape(text);
  if (shape !== null) return refuse(file, shape);

  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(text, {
      schema: 'core',
      merge: false,
      uniqueKeys: true,
      strict: true,
      prettyErrors: true,
    });
  } catch (error: unknown) {
    return refuse(file, `YAML could not be parsed: ${errorText(error)}`);
  }
  const [firstError] = document.errors;
  // yaml's messages already end their first line with "at line L, column C".
  if (firstError !== undefined)
    return refuse(file, `YAML syntax error: ${firstLine(firstError.message)}`);
  // Warnings (unresolved tags, for one) would silently change what the file means: refuse them too.
  const [firstWarning] = document.warnings;
  if (firstWarning !== undefined)
    return refuse(file, `YAML problem: ${firstLine(firstWarning.message)}`);

  let refusal: string | null = null;
  visit(document, (_key, node) => {
    if (isAlias(node)) {
      refusal = `YAML aliases (*${node.source}) are not allowed in templates; write the value out`;
      return visit.BREAK;
    }
    if (isNode(node) && node.anchor !== undefined) {
      refusal = `YAML anchors (&${node.anchor}) are not allowed in templates; write the value out`;
      return visit.BREAK;
    }
    if (isNode(node) && node.tag !== undefined) {
      refusal = `YAML tags (${node.tag}) are not allowed in templates`;
      return visit.BREAK;
    }
    return undefined;
  });
  if (refusal !== null) return refuse(file, refusal);

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 0 });
  } catch (error: unknown) {
    return refuse(file, `YAML could not be read: ${errorText(error)}`);
  }
  if (valueDepth(value) > MAX_TEMPLATE_VALUE_DEPTH) {
    return refuse(
      file,
      `nests deeper than ${MAX_TEMPLATE_VALUE_DEPTH} levels; templates are refused above that depth`,
    );
  }
  return { ok: true, value };
}

// The parser itself is what falls over on deep nesting, so this check has to run on the raw text.
// It is deliberately rough (brackets inside quoted strings count too): the bounds are generous
// enough that no real template comes near them.
function checkTextShape(text: string): string | null {
  let depth = 0;
  let maxDepth = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (ch === 0x20 || ch === 0x09) {
        indent++;
        if (indent > MAX_YAML_INDENT_COLUMNS) {
          return `indents deeper than ${MAX_YAML_INDENT_COLUMNS} columns; templates are refused above that depth`;
        }
        continue;
      }
      lineStart = false;
    }
    if (ch === 0x5b || ch === 0x7b) {
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      if (maxDepth > MAX_YAML_FLOW_DEPTH) {
        return `nests brackets deeper than ${MAX_YAML_FLOW_DEPTH} levels; templates are refused above that depth`;
      }
    } else if ((ch === 0x5d || ch === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return null;
}

function valueDepth(root: unknown): number {
  let max = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, depth } = item;
    if (depth > max) max = depth;
    if (max > MAX_TEMPLATE_VALUE_DEPTH) return max;
    if (value !== null && typeof value === 'object') {
      for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return max;
}

function utf8Length(text: string): number {
  // A cheap upper bound first; exact count only near the limit. (No TextEncoder: shared/ has no DOM lib.)
  if (text.length * 3 <= MAX_TEMPLATE_BYTES) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

function errorText(error: unknown): string {
  return error instanceof Error ? firstLine(error.message) : String(error);
}
