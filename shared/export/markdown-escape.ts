/**
 * Escapes room text for Markdown so it is shown, never interpreted: no links, images, raw HTML,
 * entities, emphasis, code, tables cells breaking out, headings, lists or quotes. Mustache's
 * default HTML escaping is wrong for Markdown (it would print "&amp;" in a .md file and still let
 * "[x](javascript:...)" through), so the exporter uses this instead.
 *
 * Every word is kept: line breaks become Markdown hard breaks ("\" at the end of a line), blank
 * lines and indentation are dropped so text cannot open a code block or leave its list item.
 */
export function escapeMarkdown(value: string): string {
  return needsEscaping(value) ? escapeEveryLine(value) : value;
}

/**
 * Whether `escapeEveryLine` would change `value`. Most room text is one plain line (a 10,000-entry
 * postmortem spent a quarter of its time escaping text that came out as it went in); a test holds
 * the two equal for any text.
 */
function needsEscaping(value: string): boolean {
  return (
    value === '' ||
    PLAIN_LINE_SPECIAL.test(value) ||
    LINE_START_SPECIAL.test(value) ||
    value.trim() !== value
  );
}

/** Line breaks, and everything `escapeLine` escapes anywhere in a line. */
const PLAIN_LINE_SPECIAL = /[\r\n\\`*[\]<>|~&_]/;
/** What `escapeLine` escapes at the start of a line. */
const LINE_START_SPECIAL = /^(?:[#=+-]|\d{1,9}[.)])/;

/** The escaping itself, line by line. Exported for the test that holds `escapeMarkdown` to it. */
export function escapeEveryLine(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(escapeLine)
    .join('\\\n');
}

// Backslash-escaping any ASCII punctuation is always literal in CommonMark, so over-escaping is
// safe; these are the characters that can start something anywhere in a line.
const INLINE_SPECIAL = /[\\`*[\]<>|~&]/g;

function escapeLine(line: string): string {
  let out = line.replace(INLINE_SPECIAL, (char) => `\\${char}`);
  out = escapeUnderscores(out);
  // Block markers only count at the start of a line.
  out = out.replace(/^([#=+-])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
  return out;
}

/** Underscores between letters (pool_max_conn) can never emphasise; leave those readable. */
function escapeUnderscores(text: string): string {
  return text.replace(/_/g, (char, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + 1] ?? '';
    return /[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after) ? char : `\\${char}`;
  });
}
